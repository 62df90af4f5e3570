package dev.tollgate.sdk.internal.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.sdk.UpstreamAuthenticationException;
import dev.tollgate.sdk.UpstreamException;
import dev.tollgate.sdk.UpstreamNotFoundException;
import dev.tollgate.sdk.UpstreamPermissionDeniedException;
import dev.tollgate.sdk.UpstreamRateLimitException;
import dev.tollgate.sdk.UpstreamServerException;
import dev.tollgate.sdk.internal.json.Json;

/**
 * The provider's {@code {"error": {message, type, param, code}}} body, or what could be
 * made of a body in another shape.
 */
public record ProviderError(String type, String code, String message) {

  /** Parses an error body; never throws. */
  public static ProviderError parse(byte[] body) {
    if (body == null || body.length == 0) {
      return new ProviderError(null, null, null);
    }
    try {
      JsonNode root = Json.mapper().readTree(body);
      JsonNode e = root.path("error");
      if (e.isObject()) {
        return new ProviderError(text(e.get("type")), text(e.get("code")), text(e.get("message")));
      }
      if (e.isTextual()) {
        return new ProviderError(null, null, e.asText());
      }
      return new ProviderError(null, null, text(root.get("message")));
    } catch (java.io.IOException | RuntimeException notJson) {
      String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      return new ProviderError(null, null, s.length() > 500 ? s.substring(0, 500) : s);
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  /** The SDK exception for an upstream answer with {@code status} and this error. */
  public UpstreamException toException(int status, String requestId) {
    return switch (status) {
      case 401 -> new UpstreamAuthenticationException(type, code, message, requestId);
      case 403 -> new UpstreamPermissionDeniedException(type, code, message, requestId);
      case 404 -> new UpstreamNotFoundException(type, code, message, requestId);
      case 429 -> new UpstreamRateLimitException(type, code, message, requestId);
      default -> status >= 500
          ? new UpstreamServerException(status, type, code, message, requestId)
          : new UpstreamException(status, type, code, message, requestId, null);
    };
  }
}
