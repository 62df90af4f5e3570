package dev.tollgate.collector.apidoc;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /openapi.json}: the API description, without authentication. */
@Path("/openapi.json")
public final class OpenApiResource {

  private final JsonNode document;

  public OpenApiResource(JsonNode document) {
    this.document = document;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public JsonNode get() {
    return document;
  }
}
