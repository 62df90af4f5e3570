package dev.tollgate.sdk.internal.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.sdk.UpstreamConnectionException;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.Attempt;
import dev.tollgate.sdk.internal.metering.MeteredCall;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.metering.UsageRecorder;
import dev.tollgate.sdk.internal.quota.Admission;
import dev.tollgate.sdk.internal.quota.QuotaLeases;
import dev.tollgate.sdk.internal.tokens.TokenEstimate;
import dev.tollgate.sdk.internal.tokens.TokenEstimator;
import dev.tollgate.sdk.internal.upstream.AttemptListener;
import dev.tollgate.sdk.internal.upstream.Cancellation;
import dev.tollgate.sdk.internal.upstream.ProviderError;
import dev.tollgate.sdk.internal.upstream.Transport;
import dev.tollgate.sdk.internal.upstream.UpstreamExecutor;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Okio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of what every governed call does, on the HTTP exchange: admit it
 * against the quota lease (reading the model and a token estimate from the JSON body), send it
 * to the leased key's base URL with that key on Tollgate's own transport, with retries, and
 * meter every attempt, plain answers from their {@code usage} and streams as they are read.
 * The own typed client and the OkHttp interceptor both go through {@link #execute}.
 */
public final class Engine {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String DEFAULT_MODERATION_MODEL = "omni-moderation-latest";

  private final Transport transport;
  private final QuotaLeases quotas;
  private final UpstreamExecutor upstream;
  private final UsageRecorder recorder;
  private final TokenEstimator tokens;
  private final InFlight inFlight = new InFlight();
  private final UpstreamRequests requests = new UpstreamRequests();
  private volatile boolean closed;
  private ScheduledExecutorService cancelWatch; // guarded by this

  /** An engine over the given parts. */
  public Engine(
      Transport transport, QuotaLeases quotas, UpstreamExecutor upstream, UsageRecorder recorder,
      TokenEstimator tokens) {
    this.transport = transport;
    this.quotas = quotas;
    this.upstream = upstream;
    this.recorder = recorder;
    this.tokens = tokens;
  }

  /** The token estimator, for the typed client to size its requests. */
  public TokenEstimator tokens() {
    return tokens;
  }

  /**
   * Governs one exchange: the provider's answer (a success or an error, after retries), its
   * body readable once; a stream's body meters itself as it is read. Refusals and a missing
   * answer are thrown ({@link dev.tollgate.sdk.TollgateException}s), before anything went
   * upstream for a refusal.
   */
  public Response execute(Exchange x) {
    if (closed) {
      throw new IllegalStateException("This Tollgate client is closed");
    }
    Cancellation cancellation = x.cancellation() != null ? x.cancellation() : new Cancellation();
    InFlight.Ticket ticket = inFlight.enter(cancellation, x.outer());
    if (x.outer() != null) {
      watchCancels();
    }
    boolean streaming = false;
    try {
      Response r = run(x, cancellation, ticket);
      streaming = r.body() instanceof Stream;
      return r;
    } finally {
      if (!streaming) {
        inFlight.exit(ticket);
      }
    }
  }

  private Response run(Exchange x, Cancellation cancellation, InFlight.Ticket ticket) {
    Operation op = x.op();
    RequestShape shape = x.shape() != null ? x.shape() : RequestShape.scan(op, x.body(), tokens);
    String model = shape.model() == null && op.kind() == Operation.Kind.MODERATIONS
        ? DEFAULT_MODERATION_MODEL : shape.model();
    boolean metered = op.metered() && model != null;
    byte[] body = x.body();
    boolean hideUsageChunk = false;
    if (metered && shape.stream() && op.kind() != Operation.Kind.RESPONSES && !shape.includeUsage()) {
      body = withIncludeUsage(body);
      hideUsageChunk = true;
    }
    Admission admission = metered ? quotas.admit(op.endpoint(), model, shape.estimate()) : null;
    MeteredCall call = new MeteredCall(op.endpoint(), x.method(), shape.model(), metered && shape.stream(),
        admission == null ? null : admission.leaseId(), x.meta());
    AtomicInteger failed = new AtomicInteger();
    AttemptListener listener = (status, nanos, error, mayHaveWorked) -> {
      failed.incrementAndGet();
      UsageEvent.Usage estimate = metered && mayHaveWorked && op.kind().billed() ? estimated(shape.estimate()) : null;
      recorder.record(call, Attempt.failed(status, nanos, error, estimate));
    };
    RequestBody requestBody = body == null ? null : RequestBody.create(body, x.contentType() != null ? x.contentType() : JSON);
    OkHttpClient http = x.timeouts() == null ? transport.client()
        : transport.client(x.timeouts().connectMillis(), x.timeouts().readMillis(), x.timeouts().writeMillis());
    UpstreamExecutor.Outcome o;
    try {
      o = upstream.execute(http, c -> requests.build(x, requestBody, model, c), op.kind().billed(),
          cancellation, listener);
    } catch (RuntimeException e) {
      complete(admission, null, Math.max(1, failed.get()));
      throw e;
    }
    Response response = o.response();
    if (o.error() != null || !metered) {
      if (!metered && o.error() == null) {
        recorder.record(call, Attempt.answered(response.code(), System.nanoTime() - o.startNanos(), null, null, null));
      }
      complete(admission, null, o.attempts());
      return response;
    }
    if (isEventStream(response)) {
      return stream(response, o, op, shape, model, hideUsageChunk, call, admission, cancellation, ticket);
    }
    return plain(response, o, op, shape, call, admission);
  }

  private Response plain(
      Response response, UpstreamExecutor.Outcome o, Operation op, RequestShape shape, MeteredCall call,
      Admission admission) {
    byte[] bytes;
    try (ResponseBody b = response.body()) {
      bytes = b.bytes();
    } catch (IOException e) {
      boolean timedOut = e instanceof InterruptedIOException;
      recorder.record(call, Attempt.failed(response.code(), System.nanoTime() - o.startNanos(),
          new ProviderError(timedOut ? "timeout" : "read_error", null, e.toString()),
          timedOut && op.kind().billed() ? estimated(shape.estimate()) : null));
      complete(admission, null, o.attempts());
      throw new UpstreamConnectionException("Upstream answer could not be read: " + e.getMessage(), e);
    }
    long latency = System.nanoTime() - o.startNanos();
    AnswerScan scan;
    try {
      scan = AnswerScan.of(bytes);
    } catch (IOException e) {
      recorder.record(call, Attempt.failed(response.code(), latency,
          new ProviderError("invalid_response", null, "the answer is not JSON: " + e.getMessage())));
      complete(admission, null, o.attempts());
      return response.newBuilder().body(ResponseBody.create(bytes, response.body().contentType())).build();
    }
    recorder.record(call, Attempt.answered(response.code(), latency, scan.model(), scan.serviceTier(), scan.usage()));
    complete(admission, scan.usage(), o.attempts());
    return response.newBuilder().body(ResponseBody.create(bytes, response.body().contentType())).build();
  }

  private Response stream(
      Response response, UpstreamExecutor.Outcome o, Operation op, RequestShape shape, String model,
      boolean hideUsageChunk, MeteredCall call, Admission admission, Cancellation cancellation,
      InFlight.Ticket ticket) {
    long start = o.startNanos();
    MeteredSse.Finisher finisher = (meter, first, error) -> {
      try {
        UsageEvent.Usage usage = meter.usage();
        if (usage == null) {
          usage = UsageMapper.estimated(shape.estimate().prompt(), tokens.count(model, meter.outputText()));
        }
        recorder.record(call, new Attempt(response.code(), System.nanoTime() - start, first < 0 ? -1 : first - start,
            meter.model(), meter.serviceTier(), usage, error));
        complete(admission, usage, o.attempts());
      } finally {
        inFlight.exit(ticket);
      }
    };
    MeteredSse source = new MeteredSse(response.body().source(), cancellation::cancel,
        StreamMeter.of(op.kind(), hideUsageChunk), finisher);
    cancellation.onCancel(source::cancelled);
    return response.newBuilder().body(new Stream(source, response.body().contentType())).build();
  }

  private static UsageEvent.Usage estimated(TokenEstimate estimate) {
    long prompt = estimate.prompt();
    return UsageMapper.estimated(prompt, Math.max(0, estimate.exact() - prompt));
  }

  /** Corrects the call's admission with what it used ({@code usage} null: nothing, as for a failed call). */
  private static void complete(Admission admission, UsageEvent.Usage usage, int attempts) {
    if (admission != null) {
      admission.complete(usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens(),
          attempts);
    }
  }

  private static boolean isEventStream(Response r) {
    MediaType type = r.body().contentType();
    return type != null && "text".equals(type.type()) && "event-stream".equals(type.subtype());
  }

  private static byte[] withIncludeUsage(byte[] body) {
    try {
      ObjectNode tree = (ObjectNode) Json.mapper().readTree(body);
      tree.withObjectProperty("stream_options").put("include_usage", true);
      return Json.mapper().writeValueAsBytes(tree);
    } catch (IOException | ClassCastException e) {
      return body; // not a JSON object: the shape scan would have found no model
    }
  }

  /** Polls the application calls of exchanges in flight and cancels Tollgate's call under a cancelled one. */
  private synchronized void watchCancels() {
    if (cancelWatch == null && !closed) {
      cancelWatch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tollgate-cancel-watch");
        t.setDaemon(true);
        return t;
      });
      cancelWatch.scheduleWithFixedDelay(inFlight::cancelAbandoned, 100, 100, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Refuses new exchanges, waits up to {@code timeout} for those in flight to finish (their usage
   * recorded), then cancels the rest, which records theirs as estimated.
   */
  public void close(Duration timeout) {
    closed = true;
    try {
      if (!inFlight.awaitEmpty(timeout)) {
        LOG.warn("{} call(s) still in flight after {}; cancelling them (their usage is estimated)",
            inFlight.size(), timeout);
        inFlight.cancelAll();
        inFlight.awaitEmpty(Duration.ofSeconds(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      inFlight.cancelAll();
    }
    synchronized (this) {
      if (cancelWatch != null) {
        cancelWatch.shutdownNow();
      }
    }
  }

  /** A streamed answer's body, metering as it is read. */
  static final class Stream extends ResponseBody {
    private final okio.BufferedSource source;
    private final MediaType type;

    Stream(MeteredSse source, MediaType type) {
      this.source = Okio.buffer(source);
      this.type = type;
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() {
      return -1;
    }

    @Override
    public okio.BufferedSource source() {
      return source;
    }
  }
}
