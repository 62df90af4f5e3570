package dev.tollgate.sdk;

/**
 * The collector could not be reached and the call could not be governed: in fail mode
 * {@link FailMode#CLOSED}, or in {@link FailMode#OPEN} once the grace period is over or
 * when no credentials were ever obtained.
 */
public class CollectorUnavailableException extends TollgateException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message and the failure that made the collector unreachable. */
  public CollectorUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
