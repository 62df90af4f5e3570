package dev.tollgate.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.tollgate.sdk.Tollgate;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * Governs LangChain4j's OpenAI models with Tollgate: give each model builder the HTTP client
 * builder this class returns, and every call the model makes is admitted against the team's
 * quota, sent with the provider key leased from the collector, and metered.
 *
 * <pre>{@code
 * Tollgate tollgate = Tollgate.fromEnvironment();
 * ChatModel model = OpenAiChatModel.builder()
 *     .httpClientBuilder(TollgateLangChain4j.httpClientBuilder(tollgate))
 *     .modelName("gpt-4o-mini")
 *     .maxRetries(0)          // Tollgate's engine retries
 *     .build();               // no apiKey, no baseUrl: Tollgate supplies both
 * }</pre>
 *
 * <p>The same goes for {@code OpenAiStreamingChatModel}, {@code OpenAiEmbeddingModel} and
 * {@code OpenAiModerationModel}. A call Tollgate refuses fails before anything goes upstream
 * with LangChain4j's {@link dev.langchain4j.exception.NonRetriableException}, whose cause is
 * the {@link dev.tollgate.sdk.QuotaExceededException}; a streaming model reports it to the
 * handler's {@code onError}.
 */
public final class TollgateLangChain4j {

  private TollgateLangChain4j() {}

  /**
   * Returns a LangChain4j HTTP client builder whose clients send every request through
   * Tollgate's engine; the model's connect and read timeouts apply.
   *
   * @param tollgate the application's Tollgate client; closing it ends the governed calls
   */
  public static HttpClientBuilder httpClientBuilder(Tollgate tollgate) {
    Objects.requireNonNull(tollgate, "tollgate");
    return httpClientBuilder(new OkHttpClient(), tollgate.okHttpInterceptor());
  }

  /**
   * Returns a LangChain4j HTTP client builder on the application's own OkHttp client: its
   * interceptors, event listener and dispatcher threads apply, then Tollgate's engine, added
   * last, answers each call on Tollgate's own transport. So the application's interceptors see
   * each request as LangChain4j built it, never the leased key, and its network interceptors
   * do not run.
   *
   * @param tollgate the application's Tollgate client; closing it ends the governed calls
   * @param application the OkHttp client to build on; it is not changed
   */
  public static HttpClientBuilder httpClientBuilder(Tollgate tollgate, OkHttpClient application) {
    Objects.requireNonNull(tollgate, "tollgate");
    Objects.requireNonNull(application, "application");
    return httpClientBuilder(application, tollgate.okHttpInterceptor());
  }

  static HttpClientBuilder httpClientBuilder(OkHttpClient application, Interceptor engine) {
    return new GovernedHttpClientBuilder(application.newBuilder().addInterceptor(engine).build());
  }
}
