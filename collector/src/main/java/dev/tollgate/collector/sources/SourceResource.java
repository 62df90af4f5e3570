package dev.tollgate.collector.sources;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** {@code /v1/admin/sources}, listed in the order the classifier tries them. */
@Path("/v1/admin/sources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SourceResource {

  private final SourceService sources;

  public SourceResource(SourceService sources) {
    this.sources = sources;
  }

  @POST
  @RolesAllowed(Role.ADMIN_NAME)
  public Response create(@Auth Caller caller, @NotNull @Valid CreateSource request) {
    return Response.status(Response.Status.CREATED).entity(sources.create(caller.actor(), request)).build();
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<Source> list(@Auth Caller caller, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return sources.list(limit, cursor);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Source get(@Auth Caller caller, @PathParam("id") UUID id) {
    return sources.get(id);
  }

  @PATCH
  @Path("/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  public Source update(@Auth Caller caller, @PathParam("id") UUID id, @NotNull @Valid SourcePatch patch) {
    return sources.update(caller.actor(), id, patch);
  }
}
