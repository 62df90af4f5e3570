package dev.tollgate.sdk.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.upstream.ProviderError;
import dev.tollgate.sdk.internal.upstream.SseEvent;
import dev.tollgate.sdk.internal.upstream.SseReader;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * The body of a governed stream as the application reads it: the provider's server-sent
 * events passed on as they arrive (re-framed, comments dropped), except the usage chunk the
 * engine asked for on the caller's behalf. It meters the stream exactly once: at its terminal
 * event with the provider's usage; when it breaks off, ends early or is closed or cancelled
 * first, with the usage estimated from the prompt and the text received, marked so. An early
 * close or a cancel also cancels the upstream call, so the provider stops generating.
 */
final class MeteredSse implements Source {

  /** Records the stream's one usage event. */
  interface Finisher {
    /**
     * The stream ended.
     *
     * @param firstTokenNanos when the first text (or, without text, the first event) arrived, or -1
     * @param error why it broke off, or null when it reached its end or the caller stopped reading
     */
    void finish(StreamMeter meter, long firstTokenNanos, ProviderError error);
  }

  private final Source upstream;
  private final Runnable cancelUpstream;
  private final SseReader reader;
  private final StreamMeter meter;
  private final Finisher finisher;
  private final Buffer out = new Buffer();
  private final AtomicBoolean finished = new AtomicBoolean();
  private long firstEventNanos = -1;
  private long firstTokenNanos = -1;
  private volatile boolean closed;
  private boolean ended;

  MeteredSse(okio.BufferedSource upstream, Runnable cancelUpstream, StreamMeter meter, Finisher finisher) {
    this.upstream = upstream;
    this.cancelUpstream = cancelUpstream;
    this.reader = new SseReader(upstream);
    this.meter = meter;
    this.finisher = finisher;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    while (out.size() == 0) {
      if (ended || !next()) {
        ended = true;
        return -1;
      }
    }
    return out.read(sink, Math.min(byteCount, out.size()));
  }

  /** Reads one event into {@link #out} (or hides it); false at the end of the stream. */
  private boolean next() throws IOException {
    SseEvent event;
    try {
      event = reader.next();
    } catch (IOException e) {
      finish(closed ? null : new ProviderError("stream_broken", null, e.toString()));
      throw e;
    }
    if (event == null) {
      if (!meter.isComplete()) {
        finish(new ProviderError("stream_broken", null, "stream ended before its terminal event"));
        throw new IOException("The upstream stream ended before its terminal event");
      }
      finish(null);
      return false;
    }
    if (firstEventNanos < 0) {
      firstEventNanos = System.nanoTime();
    }
    if (event.isDone()) {
      meter.complete();
      write(event);
      finish(null);
      return true;
    }
    JsonNode data = parse(event.data());
    boolean hide = data != null && !finished.get() && meter.accept(event.event(), data);
    if (firstTokenNanos < 0 && meter.sawText()) {
      firstTokenNanos = System.nanoTime();
    }
    if (!meter.endsWithDone() && meter.isComplete()) {
      write(event);
      finish(null);
      return true;
    }
    if (!hide) {
      write(event);
    }
    return true;
  }

  private static JsonNode parse(String data) {
    try {
      return Json.mapper().readTree(data);
    } catch (IOException notJson) {
      return null; // passed on as it is; nothing to meter in it
    }
  }

  private void write(SseEvent e) {
    if (e.event() != null) {
      out.writeUtf8("event: ").writeUtf8(e.event()).writeByte('\n');
    }
    if (e.id() != null) {
      out.writeUtf8("id: ").writeUtf8(e.id()).writeByte('\n');
    }
    int from = 0;
    String data = e.data();
    while (true) {
      int nl = data.indexOf('\n', from);
      out.writeUtf8("data: ").writeUtf8(data, from, nl < 0 ? data.length() : nl).writeByte('\n');
      if (nl < 0) {
        break;
      }
      from = nl + 1;
    }
    out.writeByte('\n');
  }

  /**
   * Cancelled from another thread: meters with what came so far (the usage estimated unless it
   * already came); the cancellation cancels the upstream call itself.
   */
  void cancelled() {
    finish(null);
  }

  private void finish(ProviderError error) {
    if (finished.compareAndSet(false, true)) {
      long first = firstTokenNanos >= 0 ? firstTokenNanos : firstEventNanos;
      finisher.finish(meter, first, error);
    }
  }

  @Override
  public Timeout timeout() {
    return upstream.timeout();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (!finished.get()) {
      finish(null); // the caller's choice, not an error: the usage is estimated, and marked so
      cancelUpstream.run();
    }
    upstream.close();
  }
}
