package dev.tollgate.collector.common;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every request's path and query parameters, decoded, hold only one-line text ({@link
 * TextRules#notOneLine}): a {@code %00}, another control character or a broken UTF-8
 * sequence is a 400 naming the parameter before any resource, and so before any SQL, sees
 * it. Resources added later inherit this.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestTextFilter implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    String path;
    MultivaluedMap<String, String> query;
    try {
      path = request.getUriInfo().getPath(true);
      query = request.getUriInfo().getQueryParameters(true);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("The request URI is not validly encoded", null);
    }
    if (TextRules.notOneLine(path).isPresent() || path.indexOf('\uFFFD') >= 0) {
      throw ProblemException.badRequest("The path must not contain control characters or invalid UTF-8", null);
    }
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      Optional<String> bad = TextRules.notOneLine(e.getKey());
      for (String value : e.getValue()) {
        bad = bad.or(() -> TextRules.notOneLine(value))
            .or(() -> value.indexOf('\uFFFD') >= 0 ? Optional.of("must be valid UTF-8") : Optional.empty());
      }
      if (bad.isPresent()) {
        throw ProblemException.badRequest("query parameter " + e.getKey().replaceAll("\\p{Cntrl}", "?") + " "
            + bad.get(), e.getKey().replaceAll("\\p{Cntrl}", "?"));
      }
    }
  }
}
