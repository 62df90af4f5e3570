package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.auth.CredentialsManager;
import dev.tollgate.sdk.internal.collector.CollectorClient;
import dev.tollgate.sdk.internal.engine.Engine;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.metering.UsageRecorder;
import dev.tollgate.sdk.internal.quota.QuotaLeases;
import dev.tollgate.sdk.internal.tokens.TokenEstimator;
import dev.tollgate.sdk.internal.upstream.RetryPolicy;
import dev.tollgate.sdk.internal.upstream.Transport;
import dev.tollgate.sdk.internal.upstream.UpstreamExecutor;
import dev.tollgate.sdk.internal.usage.AccessTokenSource;
import dev.tollgate.sdk.internal.usage.UsageShipper;
import dev.tollgate.sdk.metrics.TollgateMetrics;
import dev.tollgate.sdk.internal.usage.UsageShipperConfig;
import dev.tollgate.sdk.internal.usage.UsageSink;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Configures and builds a {@link Tollgate} client. Only the collector URL, client id and
 * client secret are required; every other setting has a production default (see docs/sdk.md,
 * "Configuration reference"). Not thread-safe.
 */
public final class TollgateBuilder {

  /** Environment variable (and system property) naming the collector URL. */
  public static final String ENV_URL = "TOLLGATE_URL";
  /** Environment variable (and system property) naming the client id. */
  public static final String ENV_CLIENT_ID = "TOLLGATE_CLIENT_ID";
  /** Environment variable (and system property) naming the client secret. */
  public static final String ENV_CLIENT_SECRET = "TOLLGATE_CLIENT_SECRET";

  private HttpUrl collectorUrl;
  private String clientId;
  private String clientSecret;
  private FailMode failMode = FailMode.OPEN;
  private Duration gracePeriod = Duration.ofMinutes(15);
  private Duration collectorRetryInterval = Duration.ofSeconds(5);
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration readTimeout = Duration.ofMinutes(10);
  private Duration writeTimeout = Duration.ofSeconds(60);
  private Duration collectorTimeout = Duration.ofSeconds(10);
  private int maxRetries = 2;
  private boolean retryTimedOutGenerations;
  private Duration closeTimeout = Duration.ofSeconds(30);
  private Duration initialBackoff = Duration.ofMillis(500);
  private Duration maxBackoff = Duration.ofSeconds(8);
  private Duration retryAfterCap = Duration.ofSeconds(60);
  private Duration refreshAhead = Duration.ofSeconds(60);
  private int defaultMaxOutputTokens = 1024;
  private float circuitBreakerFailureRate = 50f;
  private Duration circuitBreakerOpenDuration = Duration.ofSeconds(30);
  private Path spoolDirectory;
  private boolean shutdownHook = true;
  private OkHttpClient okHttpClient;
  private Clock clock = Clock.systemUTC();
  private Sleeper sleeper = Sleeper.SYSTEM;
  private Executor asyncExecutor;
  private RequestOptions defaultOptions = RequestOptions.none();
  private UsageSink usageSink;
  private TollgateMetrics metrics;
  private Executor refreshExecutor;

  TollgateBuilder() {}

  /** Reads the collector URL, client id and secret from the environment and system properties. */
  public TollgateBuilder fromEnvironment() {
    return fromEnvironment(System.getenv(), System.getProperties());
  }

  TollgateBuilder fromEnvironment(Map<String, String> env, Properties props) {
    String url = lookup(env, props, ENV_URL, "tollgate.url");
    String id = lookup(env, props, ENV_CLIENT_ID, "tollgate.client-id");
    String secret = lookup(env, props, ENV_CLIENT_SECRET, "tollgate.client-secret");
    if (url != null) {
      collectorUrl(url);
    }
    if (id != null) {
      clientId(id);
    }
    if (secret != null) {
      clientSecret(secret);
    }
    return this;
  }

  private static String lookup(Map<String, String> env, Properties props, String envName, String propName) {
    String v = props.getProperty(envName);
    if (v == null) {
      v = props.getProperty(propName);
    }
    if (v == null) {
      v = env.get(envName);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The collector's base URL, e.g. {@code https://tollgate.example.com}. Required. */
  public TollgateBuilder collectorUrl(String url) {
    HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, "url"));
    if (parsed == null) {
      throw new IllegalArgumentException("Not an http(s) URL: " + url);
    }
    this.collectorUrl = parsed.newBuilder().build();
    if (!collectorUrl.toString().endsWith("/")) {
      this.collectorUrl = HttpUrl.get(collectorUrl + "/");
    }
    return this;
  }

  /** The client id issued by a Tollgate admin. Required. */
  public TollgateBuilder clientId(String clientId) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    return this;
  }

  /** The client secret issued with the client id. Required; never logged. */
  public TollgateBuilder clientSecret(String clientSecret) {
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    return this;
  }

  /** What to do when the collector is unreachable and no lease covers a call; default {@link FailMode#OPEN}. */
  public TollgateBuilder failMode(FailMode failMode) {
    this.failMode = Objects.requireNonNull(failMode, "failMode");
    return this;
  }

  /** How long {@link FailMode#OPEN} admits calls while the collector is unreachable; default 15 minutes. */
  public TollgateBuilder gracePeriod(Duration gracePeriod) {
    this.gracePeriod = positive(gracePeriod, "gracePeriod");
    return this;
  }

  /** How long to wait before asking an unreachable collector again; default 5 seconds. */
  public TollgateBuilder collectorRetryInterval(Duration interval) {
    this.collectorRetryInterval = positive(interval, "interval");
    return this;
  }

  /** The connect timeout of upstream and collector calls; default 10 seconds. */
  public TollgateBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "timeout");
    return this;
  }

  /** The read timeout (longest silence while reading an answer or stream); default 10 minutes. */
  public TollgateBuilder readTimeout(Duration timeout) {
    this.readTimeout = positive(timeout, "timeout");
    return this;
  }

  /**
   * How long a call to the collector (token, quota lease, settle, usage batch) may take in all;
   * default 10 seconds. Separate from {@link #readTimeout}, which is sized for long generations:
   * a collector that accepts connections but does not answer makes calls fail (or, in fail mode
   * {@code OPEN}, go on without it) after this long, not after the upstream's read timeout.
   */
  public TollgateBuilder collectorTimeout(Duration timeout) {
    this.collectorTimeout = positive(timeout, "timeout");
    return this;
  }

  /** The write timeout; default 60 seconds. */
  public TollgateBuilder writeTimeout(Duration timeout) {
    this.writeTimeout = positive(timeout, "timeout");
    return this;
  }

  /** Retries of an upstream call after the first attempt; default 2, 0 disables retries. */
  public TollgateBuilder maxRetries(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0");
    }
    this.maxRetries = maxRetries;
    return this;
  }

  /**
   * Whether a billed request (a chat completion, a response, an embedding) that timed out after
   * it was sent is retried; default false. The provider may have done, and billed, the work of a
   * timed-out request, so retrying it may pay twice; it is metered with estimated usage either way.
   */
  public TollgateBuilder retryTimedOutGenerations(boolean retry) {
    this.retryTimedOutGenerations = retry;
    return this;
  }

  /**
   * How long {@link Tollgate#close()} waits for calls in flight before cancelling them (their
   * usage then estimated); default 30 seconds. Flushing the usage takes its own bounded time after.
   */
  public TollgateBuilder closeTimeout(Duration timeout) {
    this.closeTimeout = positive(timeout, "timeout");
    return this;
  }

  /** The first backoff between retries (doubled each time, with jitter); default 500 ms. */
  public TollgateBuilder initialBackoff(Duration backoff) {
    this.initialBackoff = positive(backoff, "backoff");
    return this;
  }

  /** The largest backoff between retries; default 8 seconds. */
  public TollgateBuilder maxBackoff(Duration backoff) {
    this.maxBackoff = positive(backoff, "backoff");
    return this;
  }

  /** The longest wait a provider's {@code Retry-After} may impose; default 60 seconds. */
  public TollgateBuilder retryAfterCap(Duration cap) {
    this.retryAfterCap = positive(cap, "cap");
    return this;
  }

  /** How long before expiry credentials are refreshed (at most half their lifetime); default 60 seconds. */
  public TollgateBuilder refreshAhead(Duration refreshAhead) {
    this.refreshAhead = positive(refreshAhead, "refreshAhead");
    return this;
  }

  /** Output tokens assumed for quota admission when a request sets no limit; default 1024. */
  public TollgateBuilder defaultMaxOutputTokens(int tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must be >= 0");
    }
    this.defaultMaxOutputTokens = tokens;
    return this;
  }

  /** Failure rate (percent) that opens an upstream's circuit breaker; default 50. */
  public TollgateBuilder circuitBreakerFailureRate(float percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100]");
    }
    this.circuitBreakerFailureRate = percent;
    return this;
  }

  /** How long an open circuit breaker refuses calls before probing; default 30 seconds. */
  public TollgateBuilder circuitBreakerOpenDuration(Duration duration) {
    this.circuitBreakerOpenDuration = positive(duration, "duration");
    return this;
  }

  /** Where usage is spooled while the collector is unreachable; default {@code ~/.tollgate/spool/<client id>}. */
  public TollgateBuilder spoolDirectory(Path directory) {
    this.spoolDirectory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /** Whether a JVM shutdown hook flushes the usage; default true. */
  public TollgateBuilder shutdownHook(boolean enabled) {
    this.shutdownHook = enabled;
    return this;
  }

  /**
   * The OkHttp client whose connection pool, dispatcher, proxy, TLS and DNS set-up Tollgate's
   * calls share; the timeouts set here are applied to a derived client. Its interceptors,
   * network interceptors, event listener, authenticator, cookie jar and cache are not used:
   * they would see the client secret, the access token and the leased provider key. The
   * caller keeps ownership of it.
   */
  public TollgateBuilder okHttpClient(OkHttpClient client) {
    this.okHttpClient = Objects.requireNonNull(client, "client");
    return this;
  }

  /** The clock for expiries and timestamps; default UTC system clock. */
  public TollgateBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** How to wait between retries; default {@link Sleeper#SYSTEM}. */
  public TollgateBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return this;
  }

  /** The executor of the {@code *Async} methods; default a cached pool of daemon threads owned by the client. */
  public TollgateBuilder asyncExecutor(Executor executor) {
    this.asyncExecutor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Trace id, end user and tags applied to every call unless the call sets its own; checked
   * against the collector's bounds here ({@link IllegalArgumentException}).
   */
  public TollgateBuilder defaultRequestOptions(RequestOptions defaults) {
    Objects.requireNonNull(defaults, "defaults").toMetadata();
    this.defaultOptions = defaults;
    return this;
  }

  /** Test and wiring hook: the sink usage events go to, instead of the default shipper. */
  TollgateBuilder usageSink(UsageSink sink) {
    this.usageSink = Objects.requireNonNull(sink, "sink");
    return this;
  }

  /**
   * Where the client reports its meters ({@code tollgate.calls}, {@code tollgate.usage.spooled},
   * {@code tollgate.quota.remaining}, the GenAI client meters), e.g.
   * {@code MicrometerMetrics.builder(registry).build()}. Default: Micrometer's global registry
   * when Micrometer is on the classpath, else nothing.
   */
  public TollgateBuilder metrics(TollgateMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /** Test hook: the executor of ahead-of-expiry credential refreshes. */
  TollgateBuilder refreshExecutor(Executor executor) {
    this.refreshExecutor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** Builds the client; credentials are fetched on the first call, not here. */
  public Tollgate build() {
    if (collectorUrl == null || clientId == null || clientSecret == null) {
      throw new IllegalStateException(
          "collectorUrl, clientId and clientSecret are required (or " + ENV_URL + ", " + ENV_CLIENT_ID + ", "
              + ENV_CLIENT_SECRET + ")");
    }
    List<ExecutorService> owned = new ArrayList<>();
    Transport transport = new Transport(okHttpClient, connectTimeout, readTimeout, writeTimeout);
    OkHttpClient http = transport.client().newBuilder()
        .readTimeout(collectorTimeout).writeTimeout(collectorTimeout).callTimeout(collectorTimeout)
        .build();
    Executor refresher = refreshExecutor;
    if (refresher == null) {
      ExecutorService e = Executors.newSingleThreadExecutor(daemon("tollgate-credentials"));
      owned.add(e);
      refresher = e;
    }
    Executor async = asyncExecutor;
    if (async == null) {
      ExecutorService e = Executors.newCachedThreadPool(daemon("tollgate-async"));
      owned.add(e);
      async = e;
    }
    CollectorClient collector = new CollectorClient(collectorUrl, http);
    CredentialsManager credentials = new CredentialsManager(
        collector, clientId, clientSecret, clock, refreshAhead, refresher, failMode, gracePeriod,
        collectorRetryInterval);
    TollgateMetrics meters = metrics != null ? metrics : DefaultMetrics.detect();
    QuotaLeases quotas = new QuotaLeases(collector, credentials, clock, failMode, gracePeriod, collectorRetryInterval,
        meters);
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .failureRateThreshold(circuitBreakerFailureRate)
        .slidingWindowSize(20)
        .minimumNumberOfCalls(10)
        .waitDurationInOpenState(circuitBreakerOpenDuration)
        .build());
    UpstreamExecutor upstream = new UpstreamExecutor(credentials, breakers,
        new RetryPolicy(maxRetries, initialBackoff, maxBackoff, retryAfterCap, retryTimedOutGenerations),
        sleeper, clock);
    UsageSink sink = usageSink != null ? usageSink : defaultUsageSink(collectorUrl, http, credentials);
    TokenEstimator tokens = new TokenEstimator(defaultMaxOutputTokens);
    try {
      async.execute(tokens::warmUp);
    } catch (RuntimeException rejected) {
      // the first call loads the vocabularies instead
    }
    meters.bind(sink instanceof UsageShipper shipper ? () -> shipper.metrics().spooled() : () -> 0,
        quotas::remaining);
    Engine engine = new Engine(transport, quotas, upstream, new UsageRecorder(sink, clock, meters), tokens);
    CallMetadata defaults = defaultOptions.toMetadata();
    ClientRuntime runtime = new ClientRuntime(engine, defaults, async);
    return new Tollgate(engine, runtime, defaults, quotas, credentials, sink, owned,
        okHttpClient == null ? transport : null, closeTimeout);
  }

  /**
   * WIRING POINT for the usage shipper ({@code dev.tollgate.sdk.internal.usage.UsageShipper}):
   * build it here from the collector URL, the HTTP client, the access-token source and this
   * builder's {@link #spoolDirectory}, {@link #shutdownHook}, {@link #clock} and {@link #sleeper}.
   * Until then a client without an explicit sink cannot be built: failing loudly beats
   * silently losing usage.
   */
  private UsageSink defaultUsageSink(HttpUrl collector, OkHttpClient http, AccessTokenSource tokens) {
    return UsageShipper.start(UsageShipperConfig.builder()
        .collectorUrl(collector)
        .httpClient(http)
        .tokens(tokens)
        .spoolDirectory(spoolDirectory != null ? spoolDirectory : UsageShipperConfig.defaultSpoolDirectory(clientId))
        .shutdownHook(shutdownHook)
        .clock(clock)
        .sleeper(sleeper)
        .build());
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return d;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
