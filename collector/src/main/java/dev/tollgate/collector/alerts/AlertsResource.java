package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.ProblemException;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

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
    return history.list(instant("from", from), instant("to", to), alertType, Pages.limit(limit), cursor);
  }

  private static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(name + " must be an ISO-8601 timestamp such as 2026-11-27T00:00:00Z", name);
    }
  }
}
