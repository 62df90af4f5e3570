package dev.tollgate.sdk.internal.engine;

import dev.tollgate.sdk.TollgateException;
import dev.tollgate.sdk.UpstreamConnectionException;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.metering.UsageRecorder;
import dev.tollgate.sdk.internal.quota.Admission;
import dev.tollgate.sdk.internal.tokens.TokenEstimator;
import dev.tollgate.sdk.internal.upstream.Endpoint;
import dev.tollgate.sdk.internal.upstream.ProviderError;
import dev.tollgate.sdk.internal.upstream.SseEvent;
import dev.tollgate.sdk.internal.upstream.SseReader;
import dev.tollgate.sdk.internal.upstream.UpstreamExecutor;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Response;

/**
 * A server-sent-event stream that meters itself exactly once: at its normal end with the
 * provider's usage, or when it breaks off or is closed early with usage estimated from the
 * prompt and the text received, marked estimated.
 */
final class GovernedStream<T> implements EventSource<T> {

  private final Response response;
  private final SseReader reader;
  private final long startNanos;
  private final int attempts;
  private final StreamDecoder<T> decoder;
  private final Endpoint endpoint;
  private final String requestModel;
  private final long promptTokens;
  private final CallMetadata meta;
  private final Admission admission;
  private final UsageRecorder recorder;
  private final TokenEstimator tokens;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile boolean closing;
  private long firstEventNanos = -1;
  private long firstTokenNanos = -1;

  GovernedStream(
      UpstreamExecutor.Success success, int attempts, StreamDecoder<T> decoder, Endpoint endpoint,
      String requestModel, long promptTokens, CallMetadata meta, Admission admission, UsageRecorder recorder,
      TokenEstimator tokens) {
    this.response = success.response();
    this.reader = new SseReader(response.body().source());
    this.startNanos = success.startNanos();
    this.attempts = attempts;
    this.decoder = decoder;
    this.endpoint = endpoint;
    this.requestModel = requestModel;
    this.promptTokens = promptTokens;
    this.meta = meta;
    this.admission = admission;
    this.recorder = recorder;
    this.tokens = tokens;
  }

  @Override
  public T next() {
    if (finished.get()) {
      return null;
    }
    try {
      while (true) {
        SseEvent event = reader.next();
        if (event == null) {
          if (decoder.complete()) {
            finish(null);
            return null;
          }
          throw broken(new ProviderError("stream_broken", null, "stream ended before its terminal event"), null);
        }
        if (firstEventNanos < 0) {
          firstEventNanos = System.nanoTime();
        }
        if (event.isDone()) {
          finish(null);
          return null;
        }
        T item = decoder.decode(event);
        if (firstTokenNanos < 0 && decoder.outputText().length() > 0) {
          firstTokenNanos = System.nanoTime();
        }
        if (item != null) {
          return item;
        }
      }
    } catch (IOException e) {
      if (closing) {
        return null;
      }
      throw broken(new ProviderError("stream_broken", null, e.toString()), e);
    }
  }

  private RuntimeException broken(ProviderError error, IOException cause) {
    finish(error);
    if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      return new TollgateException("Upstream sent an unreadable stream event: " + cause.getMessage(), cause);
    }
    return new UpstreamConnectionException("Upstream stream broke off: " + error.message(), cause);
  }

  @Override
  public void close() {
    closing = true;
    finish(null);
  }

  /** Meters the stream once and releases the connection. */
  private void finish(ProviderError error) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      UsageEvent.Usage usage = decoder.usage();
      if (usage == null) {
        usage = UsageMapper.estimated(promptTokens, tokens.count(requestModel, decoder.outputText().toString()));
      }
      long now = System.nanoTime();
      // time to first token: the first text delta; for output without text (tool calls), the first event
      long first = firstTokenNanos >= 0 ? firstTokenNanos : firstEventNanos;
      recorder.record(endpoint, requestModel, decoder.model(), response.code(), now - startNanos,
          first < 0 ? -1 : first - startNanos, true, admission.leaseId(), meta, usage, error);
      admission.complete(UsageMapper.tokens(usage), attempts);
    } finally {
      response.close();
    }
  }
}
