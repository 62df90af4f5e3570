package dev.tollgate.spring.sample;

import java.util.Map;
import java.util.function.Supplier;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Labels for the calls the current thread makes, as request headers: how the application labels
 * its embedding calls, since Spring AI 2.0.1's {@code OpenAiEmbeddingModel} does not pass a
 * request's {@code customHeaders} on (its chat model does). A plain OkHttp interceptor of the
 * application's, put on Spring AI's client by its own customizer.
 */
@Configuration(proxyBeanMethods = false)
public class RequestLabels {

  private static final ThreadLocal<Map<String, String>> CURRENT = ThreadLocal.withInitial(Map::of);

  /** Runs {@code work} with {@code headers} added to each request it makes on this thread. */
  static <T> T with(Map<String, String> headers, Supplier<T> work) {
    CURRENT.set(headers);
    try {
      return work.get();
    } finally {
      CURRENT.remove();
    }
  }

  @Bean
  OpenAiHttpClientBuilderCustomizer labellingInterceptor() {
    return builder -> builder.interceptor(chain -> {
      okhttp3.Request.Builder request = chain.request().newBuilder();
      CURRENT.get().forEach(request::header);
      return chain.proceed(request.build());
    });
  }
}
