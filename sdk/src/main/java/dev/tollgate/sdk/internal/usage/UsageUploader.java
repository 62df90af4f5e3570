package dev.tollgate.sdk.internal.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one batch to {@code POST /v1/usage/events}: gzip JSON, bearer token, a fresh token once
 * after a 401, and a 413 answered by splitting the batch in halves.
 */
final class UsageUploader {

  private static final MediaType JSON = MediaType.get("application/json");
  private static final byte[] OPEN = "{\"events\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);
  private static final Logger log = LoggerFactory.getLogger(UsageUploader.class);

  /**
   * What became of a batch.
   *
   * @param delivered true when the collector has answered for every event (accepted, duplicate
   *     or rejected), so none needs sending again
   * @param acknowledged events the collector accepted or already had
   * @param rejected events the collector refused as invalid (never retried)
   * @param retryAfter the collector's advice on when to try again, after a failure
   * @param failure why delivery failed, for logs; null when delivered
   */
  record Outcome(boolean delivered, long acknowledged, long rejected,
      Optional<Duration> retryAfter, String failure) {

    static Outcome done(long acknowledged, long rejected) {
      return new Outcome(true, acknowledged, rejected, Optional.empty(), null);
    }

    static Outcome failed(String failure, Optional<Duration> retryAfter) {
      return new Outcome(false, 0, 0, retryAfter, failure);
    }

    Outcome plus(Outcome later) {
      return new Outcome(delivered && later.delivered, acknowledged + later.acknowledged,
          rejected + later.rejected, later.retryAfter, later.failure);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record IngestResponse(long accepted, long duplicates, List<Rejection> rejected) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Rejection(int index, String id, List<FieldError> errors) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record FieldError(String field, String message) {}

  private final HttpUrl endpoint;
  private final OkHttpClient http;
  private final AccessTokenSource tokens;
  private final Backoff backoff;
  private volatile Call inFlight;
  private volatile boolean cancelled;

  UsageUploader(HttpUrl collectorUrl, OkHttpClient http, AccessTokenSource tokens,
      Backoff backoff) {
    this.endpoint = collectorUrl.newBuilder().addPathSegments("v1/usage/events").build();
    this.http = http;
    this.tokens = tokens;
    this.backoff = backoff;
  }

  /** Sends {@code batch}, splitting it on 413; never throws for a collector or network failure. */
  Outcome send(List<EncodedEvent> batch) {
    if (batch.isEmpty()) {
      return Outcome.done(0, 0);
    }
    byte[] body = gzipBody(batch);
    Attempt attempt = post(body);
    if (attempt.status == 401) {
      tokens.invalidate(attempt.token);
      attempt = post(body);
    }
    int status = attempt.status;
    if (status == 200) {
      return acknowledged(batch, attempt.body);
    }
    if (status == 413) {
      if (batch.size() == 1) {
        log.error("The collector refused usage event {} as too large (413); it cannot be sent",
            batch.get(0).id());
        return Outcome.done(0, 1);
      }
      int half = batch.size() / 2;
      Outcome first = send(batch.subList(0, half));
      if (!first.delivered()) {
        return first;
      }
      return first.plus(send(batch.subList(half, batch.size())));
    }
    if (status == 400 || status == 415 || status == 422) {
      // The whole request was malformed: a defect on our side that retrying cannot mend.
      log.error("The collector refused a batch of {} usage events with {}: {}; not retrying "
          + "(first id {})", batch.size(), status, attempt.body, batch.get(0).id());
      return Outcome.done(0, batch.size());
    }
    String why = status < 0 ? attempt.body : "HTTP " + status;
    return Outcome.failed(why, attempt.retryAfter);
  }

  /**
   * Cancels the request in flight, if any, and fails every later one at once, so that a bounded
   * close need not wait for the network.
   */
  void cancel() {
    cancelled = true;
    Call call = inFlight;
    if (call != null) {
      call.cancel();
    }
  }

  private Outcome acknowledged(List<EncodedEvent> batch, String body) {
    IngestResponse response;
    try {
      response = UsageJson.mapper().readValue(body, IngestResponse.class);
    } catch (IOException e) {
      // A 200 means the collector stored the batch; an unreadable receipt does not undo that.
      log.warn("Unreadable usage ingest response ({}); counting {} events as delivered",
          e.getMessage(), batch.size());
      return Outcome.done(batch.size(), 0);
    }
    List<Rejection> rejected = response.rejected() == null ? List.of() : response.rejected();
    for (Rejection r : rejected) {
      // Field names and validation messages only: event contents stay out of logs.
      log.warn("The collector rejected usage event {} (index {}): {}", r.id(), r.index(),
          r.errors() == null ? List.of() : r.errors());
    }
    return Outcome.done(response.accepted() + response.duplicates(), rejected.size());
  }

  private Attempt post(byte[] gzipBody) {
    String token;
    try {
      token = tokens.accessToken();
    } catch (RuntimeException e) {
      return new Attempt(-1, null, "no access token: " + e, Optional.empty());
    }
    Request request = new Request.Builder()
        .url(endpoint)
        .header("Authorization", "Bearer " + token)
        .header("Content-Encoding", "gzip")
        .post(RequestBody.create(gzipBody, JSON))
        .build();
    Call call = http.newCall(request);
    inFlight = call;
    if (cancelled) {
      // cancel() may have run between our check and the assignment above: never start a call.
      inFlight = null;
      return new Attempt(-1, token, "cancelled by close()", Optional.empty());
    }
    try (Response response = call.execute()) {
      ResponseBody responseBody = response.body();
      String text = responseBody == null ? "" : responseBody.string();
      Optional<Duration> retryAfter = backoff.parseRetryAfter(
          response.header("retry-after-ms"), response.header("Retry-After"));
      return new Attempt(response.code(), token, text, retryAfter);
    } catch (IOException e) {
      return new Attempt(-1, token, e.toString(), Optional.empty());
    } finally {
      inFlight = null;
    }
  }

  static byte[] gzipBody(List<EncodedEvent> batch) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(bytes, 8192)) {
      gzip.write(OPEN);
      for (int i = 0; i < batch.size(); i++) {
        if (i > 0) {
          gzip.write(',');
        }
        gzip.write(batch.get(i).json());
      }
      gzip.write(CLOSE);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory failed", e);
    }
    return bytes.toByteArray();
  }

  /** Uncompressed size of the request body for {@code events} events of {@code jsonBytes} in total. */
  static long bodySize(int events, long jsonBytes) {
    return OPEN.length + CLOSE.length + jsonBytes + Math.max(0, events - 1);
  }

  private record Attempt(int status, String token, String body, Optional<Duration> retryAfter) {}
}
