package dev.tollgate.collector.admin.subscriptions;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.quota.QuotaState;
import dev.tollgate.collector.quota.Subscription;
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

/** {@code /v1/admin/subscriptions}. */
@Path("/v1/admin/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class SubscriptionResource {

  private final SubscriptionService subscriptions;

  public SubscriptionResource(SubscriptionService subscriptions) {
    this.subscriptions = subscriptions;
  }

  @POST
  @RolesAllowed(Role.ADMIN_NAME)
  public Response create(@Auth Caller caller, @NotNull @Valid CreateSubscription request) {
    return Response.status(Response.Status.CREATED).entity(subscriptions.create(caller.actor(), request)).build();
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<Subscription> list(@Auth Caller caller, @QueryParam("team_id") String teamId,
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    return subscriptions.list(teamFilter(teamId), limit, cursor);
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Subscription get(@Auth Caller caller, @PathParam("id") UUID id) {
    return subscriptions.get(id);
  }

  @PATCH
  @Path("/{id}")
  @RolesAllowed(Role.ADMIN_NAME)
  public Subscription update(@Auth Caller caller, @PathParam("id") UUID id,
      @NotNull @Valid SubscriptionPatch patch) {
    return subscriptions.update(caller.actor(), id, patch);
  }

  @GET
  @Path("/{id}/quotas")
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<QuotaState> quotas(@Auth Caller caller, @PathParam("id") UUID id) {
    return subscriptions.quotaState(id);
  }

  private static UUID teamFilter(String teamId) {
    if (teamId == null || teamId.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(teamId.strip());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("team_id must be a UUID", "team_id");
    }
  }
}
