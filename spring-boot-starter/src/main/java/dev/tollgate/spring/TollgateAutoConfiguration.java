package dev.tollgate.spring;

import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.TollgateBuilder;
import dev.tollgate.sdk.metrics.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The {@code Tollgate} bean from the {@code tollgate.*} properties (closed with the context, which
 * waits for calls in flight and flushes their usage), and the hooks that put Spring AI's OpenAI
 * models on it. A {@code Tollgate} bean of the application's own replaces the one built here.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(TollgateProperties.class)
public class TollgateAutoConfiguration {

  /** The governed client; fails the start with the missing property's name if one is not set. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Tollgate tollgate(TollgateProperties properties, ObjectProvider<TollgateBuilderCustomizer> customizers) {
    require(properties.getUrl(), "tollgate.url");
    require(properties.getClientId(), "tollgate.client-id");
    require(properties.getClientSecret(), "tollgate.client-secret");
    TollgateBuilder builder = Tollgate.builder()
        .collectorUrl(properties.getUrl())
        .clientId(properties.getClientId())
        .clientSecret(properties.getClientSecret())
        .failMode(properties.getFailMode())
        // The context closes the bean; a JVM hook of its own would race the context's shutdown.
        .shutdownHook(false)
        .defaultRequestOptions(RequestOptions.builder().tags(properties.getTags()).build());
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  private static void require(String value, String property) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(property + " is not set: the Tollgate starter needs tollgate.url, "
          + "tollgate.client-id and tollgate.client-secret (or tollgate.enabled=false)");
    }
  }

  /**
   * Spring AI's OpenAI chat, embedding, moderation (and image, audio) models: their OkHttp client
   * gets the engine's interceptor. Ordered last, so the application's own interceptors run first
   * and none of them ever sees the leased key (the interceptor answers the call itself).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(OpenAiHttpClientBuilderCustomizer.class)
  static class SpringAiConfiguration {

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    OpenAiHttpClientBuilderCustomizer tollgateOpenAiHttpClientCustomizer(Tollgate tollgate) {
      return builder -> builder.interceptor(tollgate.okHttpInterceptor());
    }
  }

  /**
   * The SDK's meters ({@code tollgate.calls}, {@code tollgate.usage.spooled},
   * {@code tollgate.quota.remaining}) in the application's registry. The GenAI meters stay off:
   * Spring AI's own observations already record token usage and durations for the same calls.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class MetersConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    TollgateBuilderCustomizer tollgateMeters(ObjectProvider<MeterRegistry> registry) {
      return builder -> registry.ifAvailable(r ->
          builder.metrics(MicrometerMetrics.builder(r).genAiMeters(false).build()));
    }
  }
}
