package dev.tollgate.sdk.internal.upstream;

/** Hears about each upstream attempt that failed, so that it can be metered. */
@FunctionalInterface
public interface AttemptListener {

  /**
   * One attempt failed.
   *
   * @param status the HTTP status, 0 when there was no answer
   * @param latencyNanos how long the attempt took
   * @param error the provider's error (or a connection error, {@code timeout}, {@code cancelled})
   * @param mayHaveWorked true when the request was sent in full and then timed out or was
   *     cancelled before an answer came: the provider may have done (and billed) the work
   */
  void failed(int status, long latencyNanos, ProviderError error, boolean mayHaveWorked);
}
