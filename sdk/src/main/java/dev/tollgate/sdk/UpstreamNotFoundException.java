package dev.tollgate.sdk;

/** The upstream does not know the model or resource (HTTP 404). */
public class UpstreamNotFoundException extends UpstreamException {

  private static final long serialVersionUID = 1L;

  /** An exception with the provider's error details; see {@link UpstreamException}. */
  public UpstreamNotFoundException(String type, String code, String providerMessage, String requestId) {
    super(404, type, code, providerMessage, requestId, null);
  }
}
