package dev.tollgate.sdk;

/** The upstream kept rate-limiting the call (HTTP 429) after the retries. */
public class UpstreamRateLimitException extends UpstreamException {

  private static final long serialVersionUID = 1L;

  /** An exception with the provider's error details; see {@link UpstreamException}. */
  public UpstreamRateLimitException(String type, String code, String providerMessage, String requestId) {
    super(429, type, code, providerMessage, requestId, null);
  }
}
