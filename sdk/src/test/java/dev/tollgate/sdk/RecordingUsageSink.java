package dev.tollgate.sdk;

import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.internal.usage.UsageSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it is given, for assertions. */
final class RecordingUsageSink implements UsageSink {

  final List<UsageEvent> events = new CopyOnWriteArrayList<>();
  volatile boolean closed;

  @Override
  public void accept(UsageEvent event) {
    events.add(event);
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

  UsageEvent last() {
    return events.get(events.size() - 1);
  }
}
