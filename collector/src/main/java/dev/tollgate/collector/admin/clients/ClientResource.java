package dev.tollgate.collector.admin.clients;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** {@code /v1/admin/clients/{id}}: one client; disable, enable, rotate its secret. */
@Path("/v1/admin/clients/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ClientResource {

  private final ClientService clients;

  public ClientResource(ClientService clients) {
    this.clients = clients;
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Client get(@Auth Caller caller, @PathParam("id") UUID id) {
    return clients.get(id);
  }

  @PATCH
  @RolesAllowed(Role.ADMIN_NAME)
  public Client update(@Auth Caller caller, @PathParam("id") UUID id, @NotNull ClientPatch patch) {
    return clients.update(caller.actor(), id, patch);
  }

  @POST
  @Path("/rotate-secret")
  @RolesAllowed(Role.ADMIN_NAME)
  public RotatedSecret rotateSecret(@Auth Caller caller, @PathParam("id") UUID id) {
    return clients.rotateSecret(caller.actor(), id);
  }
}
