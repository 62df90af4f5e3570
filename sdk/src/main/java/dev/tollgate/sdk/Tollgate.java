package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.auth.CredentialsManager;
import dev.tollgate.sdk.internal.engine.Engine;
import dev.tollgate.sdk.internal.engine.GoverningInterceptor;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.quota.QuotaLeases;
import dev.tollgate.sdk.internal.upstream.Transport;
import dev.tollgate.sdk.internal.usage.UsageSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import okhttp3.Interceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The governed OpenAI-compatible client: every call is authenticated with a leased upstream
 * credential, admitted against the team's quota, sent with retries, and metered. Create one
 * per application with {@link #builder()} or {@link #fromEnvironment()}, share it between
 * threads, and close it on shutdown (closing flushes the usage).
 *
 * <pre>{@code
 * try (Tollgate tollgate = Tollgate.fromEnvironment()) {
 *   ChatCompletion c = tollgate.chat().create(ChatCompletionRequest.builder()
 *       .model("gpt-4o-mini").addUserMessage("Summarise: ...").build());
 *   System.out.println(c.firstText().orElse(""));
 * }
 * }</pre>
 *
 * <p>Any OkHttp client speaking the OpenAI wire format is governed the same way through
 * {@link #okHttpInterceptor()}.
 */
public final class Tollgate implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Tollgate.class);

  private final ChatCompletionsService chat;
  private final ResponsesService responses;
  private final EmbeddingsService embeddings;
  private final ModerationsService moderations;
  private final ModelsService models;
  private final QuotaLeases quotas;
  private final UsageSink usageSink;
  private final List<ExecutorService> ownedExecutors;
  private final Transport ownedTransport;
  private final CredentialsManager credentials;
  private final Engine engine;
  private final Interceptor interceptor;
  private final Duration closeTimeout;
  private volatile boolean closed;

  Tollgate(
      Engine engine, ClientRuntime runtime, CallMetadata defaults, QuotaLeases quotas, CredentialsManager credentials,
      UsageSink usageSink, List<ExecutorService> ownedExecutors, Transport ownedTransport, Duration closeTimeout) {
    this.engine = engine;
    this.interceptor = new GoverningInterceptor(engine, defaults);
    this.closeTimeout = closeTimeout;
    this.chat = new ChatCompletionsService(runtime);
    this.responses = new ResponsesService(runtime);
    this.embeddings = new EmbeddingsService(runtime);
    this.moderations = new ModerationsService(runtime);
    this.models = new ModelsService(runtime);
    this.quotas = quotas;
    this.credentials = credentials;
    this.usageSink = usageSink;
    this.ownedExecutors = new ArrayList<>(ownedExecutors);
    this.ownedTransport = ownedTransport;
  }

  /** A builder; set at least the collector URL, client id and client secret. */
  public static TollgateBuilder builder() {
    return new TollgateBuilder();
  }

  /**
   * A client configured from {@code TOLLGATE_URL}, {@code TOLLGATE_CLIENT_ID} and
   * {@code TOLLGATE_CLIENT_SECRET}, as environment variables or system properties (system
   * properties win), with every other setting at its default.
   */
  public static Tollgate fromEnvironment() {
    return builder().fromEnvironment().build();
  }

  /** Chat completions. */
  public ChatCompletionsService chat() {
    return chat;
  }

  /** The Responses API. */
  public ResponsesService responses() {
    return responses;
  }

  /** Embeddings. */
  public EmbeddingsService embeddings() {
    return embeddings;
  }

  /** Moderations. */
  public ModerationsService moderations() {
    return moderations;
  }

  /** The models list. */
  public ModelsService models() {
    return models;
  }

  /**
   * Governs any OkHttp client that speaks the OpenAI wire format, with no call site changed:
   * {@code new OkHttpClient.Builder().addInterceptor(tollgate.okHttpInterceptor()).build()}.
   * Each call is admitted against the quota, sent to the leased key's base URL with that key
   * (whatever base URL or key the application configured is replaced, so it needs none), on
   * Tollgate's own transport, and metered; the headers {@code Tollgate-Trace-Id},
   * {@code Tollgate-End-User} and {@code Tollgate-Tags} label it and never go upstream
   * ({@link RequestOptions#toHeaders()} writes them). Add it with {@code addInterceptor}, not
   * as a network interceptor; it answers the call itself, so the application's interceptors
   * after it and its network interceptors never see the leased key. See docs/integrations.md.
   */
  public Interceptor okHttpInterceptor() {
    return interceptor;
  }

  /** The credentials manager, for wiring the usage shipper's access tokens (internal). */
  CredentialsManager credentialsManager() {
    return credentials;
  }

  /**
   * Refuses new calls, waits for the calls in flight (at most the builder's
   * {@code closeTimeout}; those still running then are cancelled and metered with estimated
   * usage), returns what is left of the quota leases, flushes the usage (spooling what cannot
   * be sent) and stops the client's threads. Idempotent. Calls made after closing fail with
   * {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    engine.close(closeTimeout);
    try {
      quotas.close();
    } catch (RuntimeException e) {
      LOG.warn("Settling quota leases on close failed: {}", e.toString());
    }
    try {
      usageSink.close();
    } finally {
      ownedExecutors.forEach(ExecutorService::shutdown);
      if (ownedTransport != null) {
        ownedTransport.shutdown();
      }
    }
  }
}
