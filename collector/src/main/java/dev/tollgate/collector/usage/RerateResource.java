package dev.tollgate.collector.usage;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.ProblemException;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;

/** {@code POST /v1/admin/rerate {from, to, model?}}: prices a range of stored events again. */
@Path("/v1/admin/rerate")
@Produces(MediaType.APPLICATION_JSON)
public class RerateResource {

  /** The range to re-rate: {@code from} inclusive, {@code to} exclusive; {@code model} exact or a prefix rule. */
  public record RerateRequest(Instant from, Instant to, String model) {}

  private final RerateService rerate;

  public RerateResource(RerateService rerate) {
    this.rerate = rerate;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  public Map<String, Object> rerate(@Auth Caller caller, RerateRequest body) {
    if (body == null) {
      throw ProblemException.badRequest("A request body is required", null);
    }
    return Map.of("rerated", rerate.rerate(caller.actor(), body.from(), body.to(), body.model()));
  }
}
