package dev.tollgate.sdk;

/**
 * The upstream could not be reached (connection refused or reset, timeout) after the
 * retries, or its circuit breaker is open; {@link #status()} is 0.
 */
public class UpstreamConnectionException extends UpstreamException {

  private static final long serialVersionUID = 1L;

  /** An exception with a description and the underlying failure. */
  public UpstreamConnectionException(String message, Throwable cause) {
    super(0, "connection_error", null, message, null, cause);
  }
}
