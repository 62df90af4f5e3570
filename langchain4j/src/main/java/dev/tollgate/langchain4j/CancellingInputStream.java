package dev.tollgate.langchain4j;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Call;

/**
 * A response body that aborts its HTTP exchange when closed before its end. LangChain4j
 * cancels a stream by closing the body its parser reads ({@code ServerSentEventParsingHandle}),
 * from a handler on the reading thread or from any other thread: the call is cancelled at once
 * (closing alone could leave OkHttp draining the rest of the stream), and Tollgate's engine
 * meters what was received as an estimate. Only the reading thread closes the body itself, since
 * OkHttp's source is not safe to close under a concurrent read; it does so when parsing ends.
 */
final class CancellingInputStream extends FilterInputStream {

  private final Call call;
  private final Thread reader;
  private volatile boolean ended;
  private volatile boolean cancelled;

  /** A body read by the current thread. */
  CancellingInputStream(InputStream body, Call call) {
    super(body);
    this.call = call;
    this.reader = Thread.currentThread();
  }

  /** Whether the stream was closed before its end, i.e. the application cancelled it. */
  boolean cancelled() {
    return cancelled;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    ended |= b < 0;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    ended |= n < 0;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (!ended && !cancelled) {
      cancelled = true;
      call.cancel();
    }
    if (Thread.currentThread() == reader) {
      super.close();
    }
  }
}
