package dev.tollgate.collector.admin.keys;

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
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.minting.MintedKey;
import dev.tollgate.collector.minting.MintedKeys;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /v1/admin/provider-keys}, and for an {@code openai_admin} key the keys minted with it
 * ({@code GET /{id}/minted-keys}) and their rotation now ({@code POST /{id}/rotate}).
 */
@Path("/v1/admin/provider-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ProviderKeyResource {

  private final ProviderKeyService keys;
  private final MintedKeys minted;

  public ProviderKeyResource(ProviderKeyService keys, MintedKeys minted) {
    this.keys = keys;
    this.minted = minted;
  }

  @POST
  @RolesAllowed(Role.ADMIN_NAME)
  public Response create(@Auth Caller caller, @NotNull @Valid CreateProviderKey request) {
    return Response.status(Response.Status.CREATED).entity(keys.create(caller.actor(), request)).build();
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<ProviderKey> list(@Auth Caller caller, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return keys.list(limit, cursor);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public ProviderKey get(@Auth Caller caller, @PathParam("id") UUID id) {
    return keys.get(id);
  }

  @PATCH
  @Path("/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  public ProviderKey update(@Auth Caller caller, @PathParam("id") UUID id, @NotNull ProviderKeyPatch patch) {
    return keys.update(caller.actor(), id, patch);
  }

  @GET
  @Path("/{id}/minted-keys")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<MintedKey> mintedKeys(@Auth Caller caller, @PathParam("id") UUID id, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    keys.get(id);
    return minted.list(id, limit, cursor);
  }

  @POST
  @Path("/{id}/rotate")
  @RolesAllowed(Role.ADMIN_NAME)
  public Response rotate(@Auth Caller caller, @PathParam("id") UUID id) {
    if (!Provider.OPENAI_ADMIN.db().equals(keys.get(id).provider())) {
      throw ProblemException.conflict("provider",
          "only openai_admin keys mint keys to rotate; replace a static key with PATCH api_key");
    }
    return Response.accepted(Map.of("rotating", minted.rotateAll(caller.actor(), id))).build();
  }
}
