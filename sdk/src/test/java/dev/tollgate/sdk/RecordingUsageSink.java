package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.internal.usage.UsageSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it is given, for assertions. */
final class RecordingUsageSink implements UsageSink {

  final List<UsageEvent> events = new CopyOnWriteArrayList<>();
  /** Events offered after close(): a real shipper refuses (loses) them. */
  final List<UsageEvent> afterClose = new CopyOnWriteArrayList<>();
  volatile boolean closed;

  @Override
  public void accept(UsageEvent event) {
    (closed ? afterClose : events).add(event);
    synchronized (this) {
      notifyAll();
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  UsageEvent only() {
    if (events.size() != 1) {
      throw new AssertionError("expected one event, got " + events);
    }
    return events.get(0);
  }

  /** Waits (at most 30 s: the first estimate may load a tokenizer vocabulary) until {@code n} events arrived. */
  boolean awaitEvents(int n) throws InterruptedException {
    synchronized (this) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (events.size() < n && System.nanoTime() < deadline) {
        wait(100);
      }
      return events.size() >= n;
    }
  }

  UsageEvent last() {
    return events.get(events.size() - 1);
  }
}
