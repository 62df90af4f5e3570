package dev.tollgate.collector.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Cursors;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /v1/admin/audit?from&to}: who changed what and who was issued which credential,
 * newest first; {@code from} inclusive, {@code to} exclusive, both optional.
 */
@Path("/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {

  private final AuditDao audit;
  private final ObjectMapper json;

  /** {@code audit} is an on-demand DAO ({@code jdbi.onDemand(AuditDao.class)}). */
  public AuditResource(AuditDao audit, ObjectMapper json) {
    this.audit = audit;
    this.json = json;
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<AuditEntry> list(@Auth Caller caller, @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    int size = Pages.limit(limit);
    Instant fromAt = QueryParams.instant("from", from);
    Instant toAt = QueryParams.instant("to", to);
    Instant beforeAt = null;
    long beforeId = 0;
    if (cursor != null && !cursor.isBlank()) {
      List<String> parts = Cursors.decode(cursor, 2);
      try {
        beforeAt = Instant.parse(parts.get(0));
        beforeId = Long.parseLong(parts.get(1));
      } catch (DateTimeParseException | NumberFormatException e) {
        throw ProblemException.badRequest("cursor is not a cursor this endpoint issued", "cursor");
      }
    }
    List<AuditEntry> rows = audit.list(fromAt, toAt, beforeAt, beforeId, size + 1)
        .stream().map(this::entry).toList();
    return Pages.of(rows, size,
        e -> Cursors.encode(e.at().toString(), Long.toString(e.id())));
  }

  private AuditEntry entry(AuditRow row) {
    try {
      return new AuditEntry(row.id(), row.at(), row.actor(), row.action(), row.targetType(), row.targetId(),
          json.readTree(row.details()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit_log.details is not JSON", e);
    }
  }

}
