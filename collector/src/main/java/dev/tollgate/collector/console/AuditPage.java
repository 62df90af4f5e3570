package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.audit.AuditResource;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;

/**
 * {@code /console/admin/audit} (admin only): the audit log, newest first, 50 a page, read through
 * the same code as {@code GET /v1/admin/audit}.
 */
final class AuditPage {

  private static final List<String> COLUMNS = List.of("at", "actor", "action", "target_type", "target_id",
      "details");

  private final AuditResource audit;
  private final ObjectMapper json;

  AuditPage(AuditResource audit, ObjectMapper json) {
    this.audit = audit;
    this.json = json;
  }

  String render(ConsoleSession session, MultivaluedMap<String, String> page) {
    String from = blankToNull(page.getFirst("from"));
    String to = blankToNull(page.getFirst("to"));
    JsonNode result = json.valueToTree(audit.list(session.caller(), from, to, "50",
        blankToNull(page.getFirst("cursor"))));
    StringBuilder body = new StringBuilder("<form method=\"get\" action=\"/console/admin/audit\" class=\"filters\">")
        .append(Forms.input("From (UTC)", "from", "date", from == null ? "" : from))
        .append(Forms.input("To (UTC, exclusive)", "to", "date", to == null ? "" : to))
        .append("<button type=\"submit\" id=\"apply\">Apply</button></form>");
    List<JsonNode> rows = new java.util.ArrayList<>();
    for (JsonNode entry : result.path("items")) {
      var row = entry.deepCopy();
      if (row instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
        object.put("details", entry.path("details").toString());
      }
      rows.add(row);
    }
    body.append(Html.table("audit", COLUMNS, rows));
    String next = Html.text(result.get("next_cursor"));
    if (!next.isEmpty()) {
      MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
      if (from != null) {
        query.putSingle("from", from);
      }
      if (to != null) {
        query.putSingle("to", to);
      }
      query.putSingle("cursor", next);
      body.append("<p><a id=\"next-page\" href=\"/console/admin/audit?")
          .append(Html.esc(ReportCalls.queryString(query))).append("\">Older entries</a></p>");
    }
    return AdminPages.page("Audit log", session, "/console/admin/audit", "", body.toString());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
