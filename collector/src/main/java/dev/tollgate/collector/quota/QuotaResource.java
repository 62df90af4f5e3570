package dev.tollgate.collector.quota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.ProblemException;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/** Quota for client tokens: leases, settling them, and the team's quota state. */
@Path("/v1/quota")
@Produces(MediaType.APPLICATION_JSON)
public class QuotaResource {

  /** The settle body: what the caller used under the lease (sent by the SDK: unknown fields are ignored). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SettleRequest(LeaseRequest.Estimate used) {}

  private final LeaseService leases;
  private final SettleService settle;

  public QuotaResource(LeaseService leases, SettleService settle) {
    this.leases = leases;
    this.settle = settle;
  }

  @POST
  @Path("/lease")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.CLIENT_NAME)
  public LeaseService.Lease lease(@Auth Caller caller, LeaseRequest request) {
    return leases.lease(caller, request);
  }

  @POST
  @Path("/lease/{id}/settle")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.CLIENT_NAME)
  public Response settle(@Auth Caller caller, @PathParam("id") String id, SettleRequest body) {
    UUID leaseId;
    try {
      leaseId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("Lease");
    }
    settle.settle(caller, leaseId, body == null ? null : body.used());
    return Response.noContent().build();
  }

  @GET
  @RolesAllowed(Role.CLIENT_NAME)
  public Map<String, Object> get(@Auth Caller caller) {
    return Map.of("quotas", leases.states(caller.requireTeamId()).stream().map(QuotaState::toJson).toList());
  }
}
