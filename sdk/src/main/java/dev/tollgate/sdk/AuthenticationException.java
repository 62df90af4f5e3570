package dev.tollgate.sdk;

/** The collector refused the client id and secret (HTTP 401 from {@code /v1/auth/token}). */
public class AuthenticationException extends TollgateException {

  private static final long serialVersionUID = 1L;

  /** An exception with the collector's explanation. */
  public AuthenticationException(String message) {
    super(message);
  }
}
