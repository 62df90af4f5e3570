package dev.tollgate.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.OpenAIClientAsyncImpl;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.Timeout;
import dev.tollgate.sdk.Tollgate;
import java.util.Objects;
import okhttp3.Interceptor;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}), governed by Tollgate: the
 * clients returned here are openai-java's own, used as OpenAI documents them (typed tools,
 * structured outputs, streaming, Responses, embeddings, every endpoint), and every call they
 * make is admitted against the team's quota, sent with the team's leased provider key and
 * metered by {@code tollgate}.
 *
 * <pre>{@code
 * Tollgate tollgate = Tollgate.fromEnvironment();
 * OpenAIClient openai = TollgateOpenAI.client(tollgate);
 * ChatCompletion c = openai.chat().completions().create(ChatCompletionCreateParams.builder()
 *     .model(ChatModel.GPT_4O_MINI).addUserMessage("Say hello").build());
 * }</pre>
 *
 * <p>The application configures no OpenAI key and no base URL: openai-java is given
 * placeholders, and Tollgate sends each call to the base URL of the leased key with that key
 * (an Azure OpenAI key included: deployment path, {@code api-version}, {@code api-key}).
 * Calls are labelled with the headers {@code Tollgate-Trace-Id}, {@code Tollgate-End-User} and
 * {@code Tollgate-Tags}, per call with openai-java's {@code putAdditionalHeader} (for example
 * {@code RequestOptions.builder()...build().toHeaders().forEach(params::putAdditionalHeader)})
 * or for every call with {@code client.withOptions(o -> o.putHeader(...))}; they never go
 * upstream.
 *
 * <p>Tollgate retries; openai-java's {@code maxRetries} is 0, and stays the only thing an
 * application should not raise. Even then, answers carry {@code X-Should-Retry: false} and a
 * refusal or a timeout is an exception openai-java does not retry, so neither is ever sent
 * twice. What the application catches:
 * <ul>
 *   <li>a refusal (quota used up, subscription expired, ...): a
 *       {@link com.openai.errors.OpenAIException} whose cause is
 *       {@link dev.tollgate.sdk.QuotaExceededException}, raised before anything went upstream;
 *   <li>any other failure Tollgate raises, including a generation that timed out after it was
 *       sent (the provider may have done and billed it, so it is not retried unless
 *       {@code TollgateBuilder.retryTimedOutGenerations(true)}), and a timeout: an
 *       {@code OpenAIException} whose cause is Tollgate's exception (or the timeout);
 *   <li>a provider that could not be reached after Tollgate's retries: an
 *       {@link com.openai.errors.OpenAIIoException}, as with openai-java's own client;
 *   <li>an error answer: openai-java's typed error ({@code RateLimitException}, ...).
 * </ul>
 *
 * <p>Cancelling a future of the asynchronous client (or of {@code client.async()}) cancels the
 * call: the exchange is aborted and metered with estimated usage. (openai-java's own client does
 * not do that, openai/openai-java#654; here the clients handed out are thin wrappers over
 * openai-java's.) Closing a stream, synchronous or asynchronous, aborts it likewise.
 *
 * <p>Closing the returned client releases its own threads only; close {@code tollgate} on
 * shutdown (that waits for calls in flight and ships their usage). Any number of clients may
 * share one {@code Tollgate}.
 */
public final class TollgateOpenAI {

  /**
   * What openai-java is told its base URL is. Tollgate sends every call to the base URL of the
   * team's leased provider key, the path after {@code v1} kept; this host is never resolved.
   */
  static final String PLACEHOLDER_BASE_URL = "http://openai.tollgate.invalid/v1";

  /** What openai-java is told its API key is; Tollgate replaces it with the leased key. */
  static final String PLACEHOLDER_API_KEY = "tollgate-leases-the-key";

  private TollgateOpenAI() {}

  /**
   * An openai-java client whose every call Tollgate governs.
   *
   * @param tollgate the application's Tollgate, which stays open until the application closes it
   * @return openai-java's synchronous client
   */
  public static OpenAIClient client(Tollgate tollgate) {
    return client(engineOf(tollgate));
  }

  /**
   * An asynchronous openai-java client whose every call Tollgate governs; cancelling a returned
   * future cancels the call.
   *
   * @param tollgate the application's Tollgate, which stays open until the application closes it
   * @return openai-java's asynchronous client
   */
  public static OpenAIClientAsync clientAsync(Tollgate tollgate) {
    return clientAsync(engineOf(tollgate));
  }

  static OpenAIClient client(Interceptor engine) {
    AsyncCancellation cancellation = new AsyncCancellation();
    return cancellation.wrap(new OpenAIClientImpl(options(engine, cancellation)));
  }

  static OpenAIClientAsync clientAsync(Interceptor engine) {
    AsyncCancellation cancellation = new AsyncCancellation();
    return cancellation.wrap(new OpenAIClientAsyncImpl(options(engine, cancellation)));
  }

  private static Interceptor engineOf(Tollgate tollgate) {
    return Objects.requireNonNull(tollgate, "tollgate").okHttpInterceptor();
  }

  private static ClientOptions options(Interceptor engine, AsyncCancellation cancellation) {
    Timeout timeout = Timeout.builder().build();
    return ClientOptions.builder()
        .httpClient(new GovernedHttpClient(engine, timeout, cancellation))
        .timeout(timeout)
        .baseUrl(PLACEHOLDER_BASE_URL)
        // The placeholder key, which also carries AsyncCancellation's reference.
        .credential(cancellation.credential())
        .maxRetries(0)
        .build();
  }
}
