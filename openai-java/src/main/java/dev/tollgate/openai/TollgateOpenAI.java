package dev.tollgate.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.OpenAIClientAsyncImpl;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.Timeout;
import okhttp3.Interceptor;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}), governed by Tollgate.
 */
public final class TollgateOpenAI {

  /**
   * What openai-java is told its base URL is. The engine sends every call to the base URL of the
   * team's leased provider key; this host is never resolved.
   */
  static final String PLACEHOLDER_BASE_URL = "http://openai.tollgate.invalid/v1";

  /** What openai-java is told its API key is; the engine replaces it with the leased key. */
  static final String PLACEHOLDER_API_KEY = "tollgate-leases-the-key";

  private TollgateOpenAI() {}

  static OpenAIClient client(Interceptor engine) {
    return new OpenAIClientImpl(options(engine));
  }

  static OpenAIClientAsync clientAsync(Interceptor engine) {
    return new OpenAIClientAsyncImpl(options(engine));
  }

  private static ClientOptions options(Interceptor engine) {
    Timeout timeout = Timeout.builder().build();
    return ClientOptions.builder()
        .httpClient(new GovernedHttpClient(engine, timeout))
        .timeout(timeout)
        .baseUrl(PLACEHOLDER_BASE_URL)
        .apiKey(PLACEHOLDER_API_KEY)
        .maxRetries(0)
        .build();
  }
}
