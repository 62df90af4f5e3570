package dev.tollgate.collector.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Set;

/**
 * A request refused before its body was read (no or bad credentials, no such route, wrong
 * content type, too large) leaves that body unread on the connection, so the server cannot
 * reuse it: the answer says {@code Connection: close}, and a pooled client opens a new
 * connection for its next request instead of failing on a closed one.
 */
public final class EarlyRejectionFilter implements ContainerResponseFilter {

  private static final Set<Integer> BEFORE_THE_BODY = Set.of(401, 403, 404, 405, 406, 411, 413, 415);

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (BEFORE_THE_BODY.contains(response.getStatus()) && hasBody(request)) {
      response.getHeaders().putSingle("Connection", "close");
    }
  }

  private static boolean hasBody(ContainerRequestContext request) {
    String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
    return (length != null && !length.strip().equals("0")) || request.getHeaderString("Transfer-Encoding") != null;
  }
}
