package dev.tollgate.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sdk.FailMode;
import dev.tollgate.sdk.Tollgate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The auto-configuration's wiring, without a collector (credentials are fetched on the first call). */
class TollgateAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class, TollgateHealthConfiguration.class))
      .withPropertyValues("tollgate.url=http://127.0.0.1:9", "tollgate.client-id=tg_app",
          "tollgate.client-secret=secret-never-shown");

  @Configuration(proxyBeanMethods = false)
  static class ApplicationCustomizer {
    @Bean
    OpenAiHttpClientBuilderCustomizer applicationsOwn() {
      return builder -> { };
    }
  }

  @Test
  void theThreePropertiesMakeATollgateBeanThatTheContextCloses() {
    runner.withPropertyValues("tollgate.fail-mode=closed", "tollgate.tags.feature=support-bot").run(context -> {
      assertThat(context).hasSingleBean(Tollgate.class);
      TollgateProperties p = context.getBean(TollgateProperties.class);
      assertThat(p.getFailMode()).isEqualTo(FailMode.CLOSED);
      assertThat(p.getTags()).isEqualTo(Map.of("feature", "support-bot"));
      assertThat(p.toString()).doesNotContain("secret-never-shown");
      assertThat(context.getBeanFactory().getBeanDefinition("tollgate").getDestroyMethodName()).isEqualTo("close");
    });
  }

  @Test
  void aMissingPropertyFailsTheStartNamingIt() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TollgateAutoConfiguration.class))
        .withPropertyValues("tollgate.url=http://127.0.0.1:9", "tollgate.client-id=tg_app")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("tollgate.client-secret is not set"));
  }

  @Test
  void theStartersCustomizerComesAfterTheApplicationsOwn() {
    runner.withUserConfiguration(ApplicationCustomizer.class).run(context -> {
      List<OpenAiHttpClientBuilderCustomizer> ordered = context.getBeanProvider(OpenAiHttpClientBuilderCustomizer.class)
          .orderedStream().toList();
      assertThat(ordered).hasSize(2);
      assertThat(ordered.get(1)).isSameAs(context.getBean("tollgateOpenAiHttpClientCustomizer"));
    });
  }

  @Test
  void enabledFalseTurnsTheStarterOff() {
    runner.withPropertyValues("tollgate.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(Tollgate.class);
      assertThat(context).doesNotHaveBean(OpenAiHttpClientBuilderCustomizer.class);
      assertThat(context).doesNotHaveBean("tollgateHealthIndicator");
    });
  }

  @Test
  void withoutSpringBootsHealthSupportTheStarterStillStarts() {
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Tollgate.class);
      assertThat(context).doesNotHaveBean("tollgateHealthIndicator");
    });
  }

  @Test
  void theHealthIndicatorIsNamedTollgate() {
    runner.run(context -> assertThat(context).hasBean("tollgateHealthIndicator"));
  }

  @Test
  void springAiGetsAPlaceholderKeyAndNoRetriesUnlessTheApplicationSaysOtherwise() {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("application",
        Map.of("spring.ai.retry.max-attempts", "5")));
    new TollgateEnvironmentDefaults().postProcessEnvironment(env, new SpringApplication());

    assertThat(env.getProperty("spring.ai.openai.api-key")).isEqualTo(TollgateEnvironmentDefaults.PLACEHOLDER_KEY);
    assertThat(env.getProperty("spring.ai.openai.max-retries")).isEqualTo("0");
    assertThat(env.getProperty("spring.ai.retry.max-attempts")).as("the application's value wins").isEqualTo("5");
  }

  @Test
  void noDefaultsWhenTheStarterIsOff() {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("application", Map.of("tollgate.enabled", "false")));
    new TollgateEnvironmentDefaults().postProcessEnvironment(env, new SpringApplication());
    assertThat(env.getProperty("spring.ai.openai.api-key")).isNull();
  }
}
