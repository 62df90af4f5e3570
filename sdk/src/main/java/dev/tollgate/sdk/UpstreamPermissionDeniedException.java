package dev.tollgate.sdk;

/** The upstream denied access to the resource or model (HTTP 403). */
public class UpstreamPermissionDeniedException extends UpstreamException {

  private static final long serialVersionUID = 1L;

  /** An exception with the provider's error details; see {@link UpstreamException}. */
  public UpstreamPermissionDeniedException(String type, String code, String providerMessage, String requestId) {
    super(403, type, code, providerMessage, requestId, null);
  }
}
