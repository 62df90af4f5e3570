package dev.tollgate.collector.admin.keys;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** {@code /v1/admin/api-keys}. */
@Path("/v1/admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ApiKeyResource {

  private final ApiKeyService keys;

  public ApiKeyResource(ApiKeyService keys) {
    this.keys = keys;
  }

  @POST
  @RolesAllowed(Role.ADMIN_NAME)
  public Response create(@Auth Caller caller, @NotNull @Valid CreateApiKey request) {
    return Response.status(Response.Status.CREATED).entity(keys.create(caller.actor(), request)).build();
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<ApiKey> list(@Auth Caller caller, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return keys.list(limit, cursor);
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  public Response revoke(@Auth Caller caller, @PathParam("id") UUID id) {
    keys.revoke(caller.actor(), id);
    return Response.noContent().build();
  }
}
