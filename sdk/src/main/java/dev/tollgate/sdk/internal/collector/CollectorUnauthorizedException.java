package dev.tollgate.sdk.internal.collector;

/** The collector answered 401 to a call made with an access token. */
public final class CollectorUnauthorizedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** An exception with the refused endpoint. */
  public CollectorUnauthorizedException(String message) {
    super(message);
  }
}
