package dev.tollgate.sdk;

import java.util.Optional;

/**
 * The upstream provider answered with an error (after any retries), or could not be reached.
 * Subclasses mark the statuses callers usually handle: {@link UpstreamAuthenticationException}
 * (401), {@link UpstreamPermissionDeniedException} (403), {@link UpstreamNotFoundException}
 * (404), {@link UpstreamRateLimitException} (429), {@link UpstreamServerException} (5xx) and
 * {@link UpstreamConnectionException} (no answer).
 */
public class UpstreamException extends TollgateException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String code;
  private final String providerMessage;
  private final String requestId;

  /**
   * An exception for one upstream error answer.
   *
   * @param status the HTTP status, 0 when there was no answer
   * @param type the provider's error {@code type}, or null
   * @param code the provider's error {@code code}, or null
   * @param providerMessage the provider's error {@code message}, or null
   * @param requestId the provider's {@code x-request-id}, or null
   * @param cause the underlying failure, or null
   */
  public UpstreamException(
      int status, String type, String code, String providerMessage, String requestId, Throwable cause) {
    super(describe(status, type, code, providerMessage, requestId), cause);
    this.status = status;
    this.type = type;
    this.code = code;
    this.providerMessage = providerMessage;
    this.requestId = requestId;
  }

  private static String describe(int status, String type, String code, String message, String requestId) {
    StringBuilder sb = new StringBuilder("Upstream ");
    sb.append(status == 0 ? "unreachable" : "HTTP " + status);
    if (type != null) {
      sb.append(" ").append(type);
    }
    if (code != null) {
      sb.append(" (").append(code).append(")");
    }
    if (message != null) {
      sb.append(": ").append(message);
    }
    if (requestId != null) {
      sb.append(" [request ").append(requestId).append("]");
    }
    return sb.toString();
  }

  /** The HTTP status, or 0 when the upstream could not be reached. */
  public int status() {
    return status;
  }

  /** The provider's error {@code type}, e.g. {@code invalid_request_error}. */
  public Optional<String> type() {
    return Optional.ofNullable(type);
  }

  /** The provider's error {@code code}, e.g. {@code rate_limit_exceeded}. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** The provider's error message. */
  public Optional<String> providerMessage() {
    return Optional.ofNullable(providerMessage);
  }

  /** The provider's request id ({@code x-request-id}), for support tickets. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}
