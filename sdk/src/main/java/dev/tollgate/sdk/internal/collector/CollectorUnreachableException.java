package dev.tollgate.sdk.internal.collector;

/** The collector did not answer, or answered 5xx: a condition the fail mode decides about. */
public final class CollectorUnreachableException extends Exception {

  private static final long serialVersionUID = 1L;

  /** An exception with a description and the failure. */
  public CollectorUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
