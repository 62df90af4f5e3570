package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of OpenAI's admin API the collector mints keys with, simulated: a project's service
 * accounts (create, which answers with the account's key; list; delete) and a service account's
 * further keys. Shapes follow {@code fixtures/openai/openapi.yaml}. A service account's own key
 * may not call these (401).
 */
@Path("/mock/v1/organization/projects/{project_id}")
@MockAuth
public final class MockAdminResource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockOrganization organization;

  MockAdminResource(MockOrganization organization) {
    this.organization = organization;
  }

  @POST
  @Path("service_accounts")
  public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("project_id") String project,
      String body) {
    Response refused = refuse(auth);
    if (refused != null) {
      return refused;
    }
    JsonNode request = parse(body);
    if (request == null) {
      return OpenAiError.malformedJson().toResponse(JSON);
    }
    String name = request.path("name").asText("");
    if (name.isBlank()) {
      return OpenAiError.missing("name").toResponse(JSON);
    }
    MockOrganization.Account account = organization.create(project, name);
    ObjectNode answer = account(account);
    String keyId = account.keys().keySet().iterator().next();
    answer.set("api_key", key(account, keyId, "Secret Key"));
    return ok(answer);
  }

  @GET
  @Path("service_accounts")
  public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("project_id") String project,
      @QueryParam("limit") Integer limit, @QueryParam("after") String after) {
    Response refused = refuse(auth);
    if (refused != null) {
      return refused;
    }
    int size = limit == null ? 20 : Math.max(1, Math.min(100, limit));
    List<MockOrganization.Account> page = organization.list(project, after, size + 1);
    ObjectNode answer = JSON.createObjectNode().put("object", "list");
    ArrayNode data = answer.putArray("data");
    page.stream().limit(size).forEach(a -> data.add(account(a)));
    answer.put("first_id", data.isEmpty() ? null : data.get(0).path("id").asText());
    answer.put("last_id", data.isEmpty() ? null : data.get(data.size() - 1).path("id").asText());
    answer.put("has_more", page.size() > size);
    return ok(answer);
  }

  @DELETE
  @Path("service_accounts/{id}")
  public Response delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("project_id") String project,
      @PathParam("id") String id) {
    Response refused = refuse(auth);
    if (refused != null) {
      return refused;
    }
    if (!organization.delete(project, id)) {
      return notFound("service account", id);
    }
    return ok(JSON.createObjectNode().put("object", "organization.project.service_account.deleted").put("id", id)
        .put("deleted", true));
  }

  @POST
  @Path("service_accounts/{id}/api_keys")
  public Response addKey(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("project_id") String project,
      @PathParam("id") String id, String body) {
    Response refused = refuse(auth);
    if (refused != null) {
      return refused;
    }
    JsonNode request = parse(body == null || body.isBlank() ? "{}" : body);
    if (request == null) {
      return OpenAiError.malformedJson().toResponse(JSON);
    }
    return organization.find(project, id)
        .map(a -> ok(key(a, organization.addKey(a, scopes(request.path("scopes"))),
            request.path("name").asText("Secret Key"))))
        .orElseGet(() -> notFound("service account", id));
  }

  @DELETE
  @Path("api_keys/{key_id}")
  public Response deleteKey(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @PathParam("project_id") String project, @PathParam("key_id") String keyId) {
    Response refused = refuse(auth);
    if (refused != null) {
      return refused;
    }
    if (!organization.deleteKey(project, keyId)) {
      return notFound("API key", keyId);
    }
    return ok(JSON.createObjectNode().put("object", "organization.project.api_key.deleted").put("id", keyId)
        .put("deleted", true));
  }

  private static List<String> scopes(JsonNode scopes) {
    List<String> list = new ArrayList<>();
    scopes.forEach(s -> list.add(s.asText()));
    return list;
  }

  /** A 401 for a service account's key: only an admin key administrates. */
  private Response refuse(String auth) {
    String key = MockAuthFilter.apiKey(auth).orElse("");
    return organization.serviceAccountKey(key) ? OpenAiError.invalidApiKey().toResponse(JSON) : null;
  }

  private static ObjectNode account(MockOrganization.Account a) {
    return JSON.createObjectNode().put("object", "organization.project.service_account").put("id", a.id())
        .put("name", a.name()).put("role", "member").put("created_at", a.createdAt());
  }

  private static ObjectNode key(MockOrganization.Account a, String keyId, String name) {
    return JSON.createObjectNode().put("object", "organization.project.service_account.api_key")
        .put("value", a.keys().get(keyId)).put("name", name).put("created_at", a.createdAt()).put("id", keyId);
  }

  private static Response ok(ObjectNode body) {
    return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static Response notFound(String what, String id) {
    return new OpenAiError(404, "No such " + what + ": " + id, "invalid_request_error", null, null).toResponse(JSON);
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = JSON.readTree(body == null ? "" : body);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
