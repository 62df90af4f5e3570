package dev.tollgate.sdk;

/** The upstream refused the credential (HTTP 401). */
public class UpstreamAuthenticationException extends UpstreamException {

  private static final long serialVersionUID = 1L;

  /** An exception with the provider's error details; see {@link UpstreamException}. */
  public UpstreamAuthenticationException(String type, String code, String providerMessage, String requestId) {
    super(401, type, code, providerMessage, requestId, null);
  }
}
