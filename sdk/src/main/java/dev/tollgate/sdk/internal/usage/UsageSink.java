package dev.tollgate.sdk.internal.usage;

/**
 * Where the client hands usage events: it must never block the caller and never
 * lose an event it accepted. {@link #close()} flushes within a bounded time and
 * spools what it could not send.
 */
public interface UsageSink extends AutoCloseable {

  /** Accepts one event for shipping; returns at once. */
  void accept(UsageEvent event);

  /** Flushes what is queued, spools the rest, and stops background work. */
  @Override
  void close();
}
