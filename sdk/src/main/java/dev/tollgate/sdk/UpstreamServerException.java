package dev.tollgate.sdk;

/** The upstream failed with a 5xx status after the retries, or its circuit breaker is open. */
public class UpstreamServerException extends UpstreamException {

  private static final long serialVersionUID = 1L;

  /** An exception with the status and the provider's error details; see {@link UpstreamException}. */
  public UpstreamServerException(
      int status, String type, String code, String providerMessage, String requestId) {
    super(status, type, code, providerMessage, requestId, null);
  }
}
