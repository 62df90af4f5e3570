package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The transaction log, performance, usage and sources pages: the reports' JSON as tables and charts. */
final class ReportPages {

  private static final List<String> LOG_COLUMNS = List.of("timestamp", "team", "client", "source", "model",
      "prompt_tokens", "completion_tokens", "latency_ms", "status_code", "total_cost", "currency");
  private static final List<String> PERFORMANCE_GROUPS = List.of("client", "model", "source", "team");

  private final ReportCalls calls;
  private final ConsoleSessions sessions;

  ReportPages(ReportCalls calls, ConsoleSessions sessions) {
    this.calls = calls;
    this.sessions = sessions;
  }

  String transactions(ConsoleSession session, MultivaluedMap<String, String> page) {
    MultivaluedMap<String, String> query = calls.query(page, Set.of("cursor"));
    query.putSingle("limit", "50");
    JsonNode result = calls.json(calls.reports().transactions(session.caller(), query));
    StringBuilder body = new StringBuilder(Forms.filters("/console/transactions", query, sessions.teams(), ""));
    body.append("<table id=\"transactions\"><thead><tr>");
    LOG_COLUMNS.forEach(c -> body.append("<th>").append(Html.esc(c)).append("</th>"));
    body.append("</tr></thead><tbody>");
    for (JsonNode item : result.path("items")) {
      body.append("<tr>");
      for (String column : LOG_COLUMNS) {
        String text = Html.esc(Html.text(item.get(column)));
        body.append("<td>").append(column.equals("timestamp") ? "<a href=\"/console/transactions/"
            + Html.esc(Html.text(item.get("id"))) + "\">" + text + "</a>" : text).append("</td>");
      }
      body.append("</tr>");
    }
    if (result.path("items").isEmpty()) {
      body.append("<tr><td colspan=\"").append(LOG_COLUMNS.size()).append("\" class=\"empty\">No rows</td></tr>");
    }
    body.append("</tbody></table>");
    String next = Html.text(result.get("next_cursor"));
    if (!next.isEmpty()) {
      query.remove("limit");
      query.putSingle("cursor", next);
      body.append("<p><a id=\"next-page\" href=\"/console/transactions?").append(Html.esc(ReportCalls.queryString(query)))
          .append("\">Older transactions</a></p>");
    }
    return Html.page("Transactions", session, "/console/transactions", body.toString());
  }

  String performance(ConsoleSession session, MultivaluedMap<String, String> page) {
    MultivaluedMap<String, String> query = calls.query(page, Set.of());
    String group = PERFORMANCE_GROUPS.contains(Forms.first(page, "group_by")) ? page.getFirst("group_by") : "client";
    query.putSingle("group_by", group);
    JsonNode rows = calls.json(calls.reports().performance(session.caller(), query)).path("items");
    MultivaluedMap<String, String> overTime = calls.query(page, Set.of());
    overTime.putSingle("interval", "day");
    JsonNode days = calls.json(calls.reports().performance(session.caller(), overTime)).path("items");
    StringBuilder select = new StringBuilder("<label>By<select name=\"group_by\" id=\"group_by\">");
    PERFORMANCE_GROUPS.forEach(g -> select.append("<option value=\"").append(g).append('"')
        .append(g.equals(group) ? " selected" : "").append('>').append(g).append("</option>"));
    select.append("</select></label>");
    List<Svg.Point> p95 = new ArrayList<>();
    days.forEach(d -> p95.add(new Svg.Point(Html.text(d.get("day")), Svg.number(Html.text(d.get("latency_p95_ms"))))));
    String body = Forms.filters("/console/performance", query, sessions.teams(), select.toString())
        + "<h2>By " + Html.esc(group) + "</h2>" + Html.table("performance", columns(rows), rows)
        + "<h2>P95 latency per day (ms)</h2>" + Svg.line("P95 latency per day", p95)
        + Html.table("performance-days", columns(days), days);
    return Html.page("Performance", session, "/console/performance", body);
  }

  String usage(ConsoleSession session, MultivaluedMap<String, String> page) {
    MultivaluedMap<String, String> query = calls.query(page, Set.of("group_by"));
    query.putIfAbsent("group_by", List.of("team", "model"));
    JsonNode rows = calls.json(calls.reports().usage(session.caller(), query)).path("items");
    List<String> groups = query.get("group_by");
    List<Svg.Point> cost = new ArrayList<>();
    for (JsonNode row : rows) {
      List<String> label = new ArrayList<>();
      groups.forEach(g -> label.add(Html.text(row.get(g.equals("client") ? "client_id" : g))));
      cost.add(new Svg.Point(String.join(" / ", label), Svg.number(Html.text(row.get("cost")))));
    }
    String body = Forms.filters("/console/usage", query, sessions.teams(),
        Forms.groupBy(Forms.USAGE_GROUPS, new LinkedHashSet<>(groups)))
        + "<p class=\"actions\"><a id=\"download-csv\" href=\"/console/usage.csv?"
        + Html.esc(ReportCalls.queryString(query)) + "\">Download CSV</a></p>"
        + Svg.bars("Cost per row", cost) + Html.table("usage", columns(rows), rows);
    return Html.page("Usage", session, "/console/usage", body);
  }

  String sources(ConsoleSession session, MultivaluedMap<String, String> page) {
    MultivaluedMap<String, String> query = calls.query(page, Set.of());
    query.putSingle("group_by", "source");
    JsonNode rows = calls.json(calls.reports().usage(session.caller(), query)).path("items");
    List<Svg.Point> cost = new ArrayList<>();
    rows.forEach(r -> cost.add(new Svg.Point(Html.text(r.get("source")), Svg.number(Html.text(r.get("cost"))))));
    String body = Forms.filters("/console/sources", query, sessions.teams(), "")
        + Svg.bars("Cost by source", cost)
        + Html.table("sources", List.of("source", "requests", "errors", "total_tokens", "cost", "currency"), rows);
    return Html.page("Sources", session, "/console/sources", body);
  }

  /** A report's columns in the API's order (every row carries every column). */
  static List<String> columns(JsonNode rows) {
    List<String> out = new ArrayList<>();
    if (rows.size() > 0) {
      rows.get(0).fieldNames().forEachRemaining(out::add);
    }
    return out;
  }
}
