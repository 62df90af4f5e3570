package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.auth.CredentialsManager;
import dev.tollgate.sdk.internal.quota.QuotaLeases;
import dev.tollgate.sdk.internal.usage.UsageSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import okhttp3.OkHttpClient;
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
  private final OkHttpClient ownedHttp;
  private final CredentialsManager credentials;
  private final ClientRuntime runtime;
  private volatile boolean closed;

  Tollgate(
      ClientRuntime runtime, QuotaLeases quotas, CredentialsManager credentials, UsageSink usageSink,
      List<ExecutorService> ownedExecutors, OkHttpClient ownedHttp) {
    this.runtime = runtime;
    this.chat = new ChatCompletionsService(runtime);
    this.responses = new ResponsesService(runtime);
    this.embeddings = new EmbeddingsService(runtime);
    this.moderations = new ModerationsService(runtime);
    this.models = new ModelsService(runtime);
    this.quotas = quotas;
    this.credentials = credentials;
    this.usageSink = usageSink;
    this.ownedExecutors = new ArrayList<>(ownedExecutors);
    this.ownedHttp = ownedHttp;
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

  /** The credentials manager, for wiring the usage shipper's access tokens (internal). */
  CredentialsManager credentialsManager() {
    return credentials;
  }

  /**
   * Returns what is left of the quota leases, flushes the usage (spooling what cannot be
   * sent), and stops the client's threads. Idempotent. Calls made after closing fail.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    runtime.close();
    try {
      quotas.close();
    } catch (RuntimeException e) {
      LOG.warn("Settling quota leases on close failed: {}", e.toString());
    }
    try {
      usageSink.close();
    } finally {
      ownedExecutors.forEach(ExecutorService::shutdown);
      if (ownedHttp != null) {
        ownedHttp.dispatcher().executorService().shutdown();
        ownedHttp.connectionPool().evictAll();
      }
    }
  }
}
