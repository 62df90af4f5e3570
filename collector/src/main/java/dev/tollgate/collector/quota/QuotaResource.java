package dev.tollgate.collector.quota;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.infra.TollgateMeters;
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
  private final MetricRegistry metrics;

  public QuotaResource(LeaseService leases, SettleService settle, MetricRegistry metrics) {
    this.leases = leases;
    this.settle = settle;
    this.metrics = metrics;
  }

  @POST
  @Path("/lease")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.CLIENT_NAME)
  public LeaseService.Lease lease(@Auth Caller caller, LeaseRequest request) {
    String outcome = TollgateMeters.FAILED;
    try {
      LeaseService.Lease lease = leases.lease(caller, request);
      outcome = TollgateMeters.GRANTED;
      return lease;
    } catch (ProblemException e) {
      outcome = e.reason().orElse(switch (e.status()) {
        case 403 -> "forbidden";
        case 400, 422 -> "invalid";
        default -> e.status() >= 500 ? TollgateMeters.FAILED : "refused";
      });
      throw e;
    } finally {
      TollgateMeters.leases(metrics, outcome).mark();
    }
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
    LeaseRequest.Estimate used = body == null ? null : body.used();
    if (used != null) {
      used.requireNotNegative("used");
    }
    settle.settle(caller, leaseId, used);
    return Response.noContent().build();
  }

  @GET
  @RolesAllowed(Role.CLIENT_NAME)
  public Map<String, Object> get(@Auth Caller caller) {
    return Map.of("quotas", leases.cachedStates(caller.requireTeamId()).stream().map(QuotaState::toJson).toList());
  }
}
