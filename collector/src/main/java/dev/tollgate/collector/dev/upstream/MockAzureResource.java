package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.BiFunction;

/**
 * Azure OpenAI's endpoints, simulated under {@code /mock/azure} in dev mode, so that a provider key
 * of kind {@code azure_openai} with {@code base_url} {@code http://host:port/mock/azure} works end to
 * end: {@code /openai/deployments/{deployment}/{operation}?api-version=...} with the key in the
 * {@code api-key} header, or an Entra ID token of {@link MockEntra} as {@code Authorization: Bearer}. Without {@code api-version} Azure answers 404, without {@code api-key} 401,
 * in its own error shape. The deployment serves the model the request names, else the model named
 * like the deployment. Answers are the simulated upstream's.
 */
@Path("/mock/azure/openai")
public final class MockAzureResource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockUpstream upstream;
  private final MockEntra entra;

  MockAzureResource(MockUpstream upstream, MockEntra entra) {
    this.upstream = upstream;
    this.entra = entra;
  }

  @POST
  @Path("deployments/{deployment}/chat/completions")
  public Response chatCompletions(@PathParam("deployment") String deployment, @QueryParam("api-version") String version,
      @Context HttpHeaders headers, String body) {
    return deployment(deployment, version, headers, body, upstream::chatCompletions);
  }

  @POST
  @Path("deployments/{deployment}/embeddings")
  public Response embeddings(@PathParam("deployment") String deployment, @QueryParam("api-version") String version,
      @Context HttpHeaders headers, String body) {
    return deployment(deployment, version, headers, body, upstream::embeddings);
  }

  @POST
  @Path("deployments/{deployment}/responses")
  public Response responses(@PathParam("deployment") String deployment, @QueryParam("api-version") String version,
      @Context HttpHeaders headers, String body) {
    return deployment(deployment, version, headers, body, upstream::responses);
  }

  @GET
  @Path("models")
  public Response models(@QueryParam("api-version") String version, @Context HttpHeaders headers) {
    Response refused = refused(version, headers);
    return refused != null ? refused : upstream.models(MockUpstream.Call.of(apiKey(headers), headers));
  }

  private Response deployment(String deployment, String version, HttpHeaders headers, String body,
      BiFunction<MockUpstream.Call, String, Response> operation) {
    Response refused = refused(version, headers);
    if (refused != null) {
      return refused;
    }
    return operation.apply(MockUpstream.Call.of(apiKey(headers), headers), withModel(body, deployment));
  }

  private Response refused(String version, HttpHeaders headers) {
    if (version == null || version.isBlank()) {
      return azureError(404, "404", "Resource not found");
    }
    String keyHeader = headers.getHeaderString("api-key");
    boolean keyed = keyHeader != null && !keyHeader.isBlank();
    if (!keyed && MockAuthFilter.apiKey(headers.getHeaderString(HttpHeaders.AUTHORIZATION)).filter(entra::valid)
        .isEmpty()) {
      return azureError(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. "
          + "Make sure to provide a valid key for an active subscription and use a correct regional API endpoint "
          + "for your resource.");
    }
    return null;
  }

  /** The key that scopes the prompt cache: the {@code api-key} header, else the bearer token. */
  private static String apiKey(HttpHeaders headers) {
    String key = headers.getHeaderString("api-key");
    if (key == null || key.isBlank()) {
      return MockAuthFilter.apiKey(headers.getHeaderString(HttpHeaders.AUTHORIZATION)).orElse("");
    }
    return key.trim();
  }

  /** The body with {@code model} set to the deployment when it names none. */
  private static String withModel(String body, String deployment) {
    try {
      JsonNode request = body == null || body.isBlank() ? null : JSON.readTree(body);
      if (request instanceof ObjectNode o && !o.path("model").isTextual()) {
        o.put("model", deployment);
        return o.toString();
      }
    } catch (JsonProcessingException malformed) {
      // the simulated upstream answers it with OpenAI's 400
    }
    return body;
  }

  private static Response azureError(int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message);
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.toString()).build();
  }
}
