package dev.tollgate.sdk;

/** The root of every exception the Tollgate SDK throws; unchecked. */
public class TollgateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public TollgateException(String message) {
    super(message);
  }

  /** An exception with a message and a cause. */
  public TollgateException(String message, Throwable cause) {
    super(message, cause);
  }
}
