package dev.tollgate.sdk.internal.upstream;

/** Hears about each upstream attempt that failed, so that it can be metered. */
@FunctionalInterface
public interface AttemptListener {

  /**
   * One attempt failed.
   *
   * @param status the HTTP status, 0 when there was no answer
   * @param latencyNanos how long the attempt took
   * @param error the provider's error (or a connection error)
   */
  void failed(int status, long latencyNanos, ProviderError error);
}
