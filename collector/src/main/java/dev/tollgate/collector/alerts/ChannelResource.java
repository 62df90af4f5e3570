package dev.tollgate.collector.alerts;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.Pages;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/** {@code /v1/admin/alert-channels} (admin only: a channel's URL may carry a credential). */
@Path("/v1/admin/alert-channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class ChannelResource {

  private final ChannelService channels;

  public ChannelResource(ChannelService channels) {
    this.channels = channels;
  }

  @POST
  public Response create(@Auth Caller caller, @NotNull @Valid CreateChannel request) {
    return Response.status(Response.Status.CREATED).entity(channels.create(caller.actor(), request)).build();
  }

  @GET
  public Page<Channel> list(@Auth Caller caller, @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    return channels.list(Pages.limit(limit), cursor);
  }

  @GET
  @Path("/{id}")
  public Channel get(@Auth Caller caller, @PathParam("id") UUID id) {
    return channels.get(id);
  }

  @PATCH
  @Path("/{id}")
  public Channel update(@Auth Caller caller, @PathParam("id") UUID id, @NotNull @Valid ChannelPatch patch) {
    return channels.update(caller.actor(), id, patch);
  }

  @DELETE
  @Path("/{id}")
  public Response delete(@Auth Caller caller, @PathParam("id") UUID id) {
    channels.delete(caller.actor(), id);
    return Response.noContent().build();
  }

  /** Sends a sample of each alert type the channel takes: 202 {@code {delivery_id}}. */
  @POST
  @Path("/{id}/test")
  public Response test(@Auth Caller caller, @PathParam("id") UUID id) {
    return Response.accepted(Map.of("delivery_id", channels.test(caller.actor(), id))).build();
  }
}
