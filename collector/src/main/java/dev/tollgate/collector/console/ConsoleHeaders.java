package dev.tollgate.collector.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The console's response headers: a Content-Security-Policy with no inline script or style,
 * no framing, no sniffing, no referrer to other sites, and no caching of pages that show figures.
 */
final class ConsoleHeaders implements ContainerResponseFilter {

  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
      + "frame-ancestors 'none'; base-uri 'none'";

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String path = request.getUriInfo().getPath();
    if (!(path.equals("console") || path.startsWith("console/") || path.startsWith("/console"))) {
      return;
    }
    var headers = response.getHeaders();
    headers.putSingle("Content-Security-Policy", CSP);
    headers.putSingle("X-Content-Type-Options", "nosniff");
    headers.putSingle("X-Frame-Options", "DENY");
    // same-origin, not no-referrer: with no-referrer a browser posts forms with "Origin: null" (SameOrigin).
    headers.putSingle("Referrer-Policy", "same-origin");
    if (!headers.containsKey(HttpHeaders.CACHE_CONTROL)) {
      headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
    }
  }
}
