package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * OpenAI's authentication, simulated: any non-empty bearer key is accepted, except a key whose
 * service account was deleted through the admin endpoints ({@link MockOrganization}); a missing or
 * deleted key is a 401 in OpenAI's error shape. Not the collector's own authentication. Also stamps every answer with the
 * headers OpenAI sends: {@code x-request-id} and {@code openai-version}.
 */
@MockAuth
@Priority(Priorities.AUTHENTICATION)
final class MockAuthFilter implements ContainerRequestFilter, ContainerResponseFilter {

  private final ObjectMapper json;
  private final MockOrganization organization;

  MockAuthFilter(ObjectMapper json, MockOrganization organization) {
    this.json = json;
    this.organization = organization;
  }

  /** The bearer key of a request, if it has a non-empty one. */
  static Optional<String> apiKey(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String key = authorization.substring(7).trim();
    return key.isEmpty() ? Optional.empty() : Optional.of(key);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Optional<String> key = apiKey(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (key.isEmpty()) {
      request.abortWith(OpenAiError.missingApiKey().toResponse(json));
    } else if (organization.revoked(key.get())) {
      request.abortWith(OpenAiError.invalidApiKey().toResponse(json));
    } else if (!request.getUriInfo().getPath().contains("organization/") && !organization.mayRequestModels(key.get())) {
      request.abortWith(OpenAiError.missingScope(MockOrganization.MODEL_REQUEST_SCOPE).toResponse(json));
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle("x-request-id", Ids.request());
    response.getHeaders().putSingle("openai-version", "2020-10-01");
    response.getHeaders().putSingle("openai-organization", "org-tollgatemock");
  }
}
