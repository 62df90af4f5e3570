package dev.tollgate.collector.admin.clients;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** {@code /v1/admin/teams/{teamId}/clients}: a team's clients. */
@Path("/v1/admin/teams/{teamId}/clients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TeamClientsResource {

  private final ClientService clients;

  public TeamClientsResource(ClientService clients) {
    this.clients = clients;
  }

  @POST
  @RolesAllowed(Role.ADMIN_NAME)
  public Response create(@Auth Caller caller, @PathParam("teamId") UUID teamId,
      @NotNull @Valid CreateClient request) {
    return Response.status(Response.Status.CREATED).entity(clients.create(caller.actor(), teamId, request)).build();
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<Client> list(@Auth Caller caller, @PathParam("teamId") UUID teamId,
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    return clients.list(teamId, limit, cursor);
  }
}
