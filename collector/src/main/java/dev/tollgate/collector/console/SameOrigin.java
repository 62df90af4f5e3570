package dev.tollgate.collector.console;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;

/**
 * Refuses a console form posted from another site: when the browser names the form's origin,
 * it must be this host. Covers sign-in too, which has no session (and so no CSRF token) yet.
 */
final class SameOrigin implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!HttpMethod.POST.equals(request.getMethod()) || !(path.startsWith("console/") || path.startsWith("/console/"))) {
      return;
    }
    String origin = request.getHeaderString("Origin");
    if (origin == null) {
      return;
    }
    String host = request.getHeaderString(HttpHeaders.HOST);
    if (!sameHost(origin, host)) {
      request.abortWith(SignInResource.html(403, Html.page("Forbidden", null, "",
          "<p class=\"error\" id=\"error\">This form was not sent from the console.</p>")));
    }
  }

  static boolean sameHost(String origin, String host) {
    try {
      return host != null && !origin.equals("null") && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
