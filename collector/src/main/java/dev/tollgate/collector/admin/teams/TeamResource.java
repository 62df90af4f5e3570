package dev.tollgate.collector.admin.teams;

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

/** {@code /v1/admin/teams}. */
@Path("/v1/admin/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TeamResource {

  private final TeamService teams;

  public TeamResource(TeamService teams) {
    this.teams = teams;
  }

  @POST
  @RolesAllowed(Role.ADMIN_NAME)
  public Response create(@Auth Caller caller, @NotNull @Valid CreateTeam request) {
    return Response.status(Response.Status.CREATED).entity(teams.create(caller.actor(), request)).build();
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<Team> list(@Auth Caller caller, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return teams.list(limit, cursor);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Team get(@Auth Caller caller, @PathParam("id") UUID id) {
    return teams.get(id);
  }

  @PATCH
  @Path("/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  public Team update(@Auth Caller caller, @PathParam("id") UUID id, @NotNull TeamPatch patch) {
    return teams.update(caller.actor(), id, patch);
  }
}
