package dev.tollgate.sdk;

/**
 * Receives the items of an asynchronous stream on an SDK thread, one at a time and in order.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface StreamHandler<T> {

  /** One item arrived. An exception thrown here stops the stream and goes to {@link #onError}. */
  void onNext(T item);

  /** The stream ended normally. */
  default void onComplete() {}

  /** The call or the stream failed; no further method is called. */
  default void onError(Throwable error) {}
}
