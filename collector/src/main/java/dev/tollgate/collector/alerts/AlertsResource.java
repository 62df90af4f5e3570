package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.common.QueryParams;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/admin/alerts?from&to&type&limit&cursor} (admin, finance): {@code from} inclusive, {@code to} not. */
@Path("/v1/admin/alerts")
@Produces(MediaType.APPLICATION_JSON)
public final class AlertsResource {

  private final AlertHistory history;

  public AlertsResource(AlertHistory history) {
    this.history = history;
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<JsonNode> list(@Auth Caller caller, @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("type") String type, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    AlertType alertType = type == null || type.isBlank() ? null : AlertType.fromWire(type.strip()).orElseThrow(
        () -> ProblemException.badRequest("type must be quota_threshold, unpriced_model or spend_spike", "type"));
    return history.list(QueryParams.instant("from", from), QueryParams.instant("to", to), alertType,
        Pages.limit(limit), cursor);
  }
}
