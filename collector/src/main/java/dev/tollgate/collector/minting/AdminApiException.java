package dev.tollgate.collector.minting;

/** The provider's admin API did not do what was asked: a timeout, a refused connection or an error status. */
public final class AdminApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  AdminApiException(String message) {
    super(message);
  }

  AdminApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
