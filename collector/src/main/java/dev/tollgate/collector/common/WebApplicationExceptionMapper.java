package dev.tollgate.collector.common;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Jersey's own errors (unknown route 404, 405, 415, 406, a bad path or query parameter)
 * as problem+json, with no stack trace.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    int status = original.getStatus();
    Response.Status.Family family = Response.Status.Family.familyOf(status);
    String title = original.getStatusInfo().getReasonPhrase();
    String detail = switch (status) {
      case 404 -> "No such resource";
      case 405 -> "Method not allowed on this resource";
      case 415 -> "Unsupported content type";
      case 406 -> "Cannot produce an acceptable representation";
      default -> family == Response.Status.Family.SERVER_ERROR ? "Internal error" : title;
    };
    String type = title == null ? "error" : title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    Response.ResponseBuilder builder = Response.fromResponse(Problems.response(status, type, title, detail));
    if (status == 401) {
      builder.header("WWW-Authenticate", "Bearer realm=\"tollgate\"");
    }
    // Keep headers such as Allow and Retry-After that Jersey or a resource set.
    original.getHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
        values.forEach(v -> builder.header(name, v));
      }
    });
    return builder.build();
  }
}
