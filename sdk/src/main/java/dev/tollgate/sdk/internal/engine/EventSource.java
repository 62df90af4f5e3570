package dev.tollgate.sdk.internal.engine;

/** A pull source of stream items for one consumer; {@link #close()} may be called from any thread. */
public interface EventSource<T> extends AutoCloseable {

  /** The next item, or null at the normal end of the stream; throws if the stream broke off. */
  T next();

  /** Stops the stream, releasing the connection; idempotent. */
  @Override
  void close();
}
