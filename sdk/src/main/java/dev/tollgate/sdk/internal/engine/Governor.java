package dev.tollgate.sdk.internal.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sdk.UpstreamConnectionException;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.metering.UsageRecorder;
import dev.tollgate.sdk.internal.quota.Admission;
import dev.tollgate.sdk.internal.quota.QuotaLeases;
import dev.tollgate.sdk.internal.tokens.TokenEstimate;
import dev.tollgate.sdk.internal.tokens.TokenEstimator;
import dev.tollgate.sdk.internal.upstream.AttemptListener;
import dev.tollgate.sdk.internal.upstream.Endpoint;
import dev.tollgate.sdk.internal.upstream.ProviderError;
import dev.tollgate.sdk.internal.upstream.UpstreamExecutor;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import okhttp3.Response;

/**
 * What every call does, in order: admit against the quota lease (before anything goes
 * upstream), send with retries, meter every attempt, and correct the lease with the
 * actual usage.
 */
public final class Governor {

  private final QuotaLeases quotas;
  private final UpstreamExecutor upstream;
  private final UsageRecorder recorder;
  private final TokenEstimator tokens;
  private final ObjectMapper mapper = Json.mapper();

  /** A governor over the given parts. */
  public Governor(QuotaLeases quotas, UpstreamExecutor upstream, UsageRecorder recorder, TokenEstimator tokens) {
    this.quotas = quotas;
    this.upstream = upstream;
    this.recorder = recorder;
    this.tokens = tokens;
  }

  /** The token estimator, for the services to size requests. */
  public TokenEstimator tokens() {
    return tokens;
  }

  /** Serialises a request body. */
  public byte[] toJson(Object request) {
    try {
      return mapper.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new IllegalArgumentException("Request cannot be serialised: " + e.getMessage(), e);
    }
  }

  /**
   * A governed call with a JSON answer.
   *
   * @param model the requested model; null for an unmetered call (models list)
   * @param estimate tokens to admit
   * @param body the request body, null for GET
   * @param usageOf the usage of the answer, null when it carries none
   * @param modelOf the model the answer names
   */
  public <T> T call(
      Endpoint endpoint, String model, TokenEstimate estimate, byte[] body, CallMetadata meta, Class<T> type,
      Function<T, UsageEvent.Usage> usageOf, Function<T, String> modelOf) {
    boolean metered = model != null;
    Admission admission = metered ? quotas.admit(endpoint.meteredName(), model, estimate) : null;
    String leaseId = admission == null ? null : admission.leaseId();
    int[] attempts = {0};
    AttemptListener listener = (status, nanos, error) -> {
      attempts[0]++;
      if (metered) {
        recorder.record(endpoint, model, null, status, nanos, -1, false, leaseId, meta, null, error);
      }
    };
    boolean done = false;
    try {
      UpstreamExecutor.Success s = upstream.execute(endpoint, body, listener);
      attempts[0]++;
      T value;
      try (Response response = s.response(); InputStream in = response.body().byteStream()) {
        value = mapper.readValue(in, type);
      } catch (IOException e) {
        long nanos = System.nanoTime() - s.startNanos();
        if (metered) {
          recorder.record(endpoint, model, null, s.response().code(), nanos, -1, false, leaseId, meta, null,
              new ProviderError("read_error", null, e.toString()));
        }
        throw new UpstreamConnectionException("Upstream answer could not be read: " + e.getMessage(), e);
      }
      if (metered) {
        UsageEvent.Usage usage = usageOf.apply(value);
        recorder.record(endpoint, model, modelOf.apply(value), s.response().code(), System.nanoTime() - s.startNanos(),
            -1, false, leaseId, meta, usage, null);
        admission.complete(usage == null ? 0 : UsageMapper.tokens(usage), attempts[0]);
      }
      done = true;
      return value;
    } finally {
      if (!done && admission != null) {
        admission.complete(0, Math.max(1, attempts[0]));
      }
    }
  }

  /**
   * A governed streamed call; the returned source meters the stream when it ends, breaks
   * off or is closed.
   *
   * @param promptTokens the estimated prompt tokens, for an estimated usage
   * @param estimatedTokens tokens to admit
   */
  public <T> EventSource<T> stream(
      Endpoint endpoint, String model, long promptTokens, long estimatedTokens, byte[] body, CallMetadata meta,
      StreamDecoder<T> decoder) {
    Admission admission = quotas.admit(endpoint.meteredName(), model, estimatedTokens);
    int[] attempts = {0};
    AttemptListener listener = (status, nanos, error) -> {
      attempts[0]++;
      recorder.record(endpoint, model, null, status, nanos, -1, true, admission.leaseId(), meta, null, error);
    };
    UpstreamExecutor.Success s;
    try {
      s = upstream.execute(endpoint, body, listener);
    } catch (RuntimeException e) {
      admission.complete(0, Math.max(1, attempts[0]));
      throw e;
    }
    return new GovernedStream<>(
        s, attempts[0] + 1, decoder, endpoint, model, promptTokens, meta, admission, recorder, tokens);
  }
}
