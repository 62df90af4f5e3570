package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.reports.Reports;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The transaction log, performance, usage and sources pages: the reports' JSON as tables and charts. */
final class ReportPages {

  private static final List<String> LOG_COLUMNS = List.of("timestamp", "team", "client", "source", "model",
      "prompt_tokens", "completion_tokens", "latency_ms", "status_code", "total_cost", "currency");
  /** The most bars a chart draws: a usage report by client and day has thousands of rows. */
  static final int CHART_ROWS = 40;
  private static final List<String> PERFORMANCE_GROUPS = List.of("client", "model", "source", "team");
  /** The performance report's latency columns drawn per day, and their legend. */
  private static final List<java.util.Map.Entry<String, String>> LATENCY_SERIES = List.of(
      java.util.Map.entry("latency_avg_ms", "average"), java.util.Map.entry("latency_p50_ms", "P50"),
      java.util.Map.entry("latency_p95_ms", "P95"), java.util.Map.entry("latency_p99_ms", "P99"));
  /**
   * The usage report's token elements. Cached and cache-write prompt tokens are part of the prompt
   * tokens, and reasoning tokens part of the completion tokens, as the provider counts them.
   */
  static final List<String> TOKEN_ELEMENTS = List.of("prompt_tokens", "cached_prompt_tokens",
      "cache_write_prompt_tokens", "audio_prompt_tokens", "completion_tokens", "reasoning_tokens",
      "audio_completion_tokens");

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
      body.append("<tr><td colspan=\"").append(LOG_COLUMNS.size()).append("\" class=\"empty\">")
          .append(Html.esc(Html.NO_ROWS)).append("</td></tr>");
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
    MultivaluedMap<String, String> ranged = new jakarta.ws.rs.core.MultivaluedHashMap<>(page);
    if (Forms.first(page, "from").isBlank() && Forms.first(page, "to").isBlank()) {
      // Today by default (exact percentiles); a longer range reads the daily histograms past 200,000 calls.
      java.time.LocalDate today = java.time.LocalDate.now(calls.clock().withZone(java.time.ZoneOffset.UTC));
      ranged.putSingle("from", today.toString());
      ranged.putSingle("to", today.plusDays(1).toString());
    }
    MultivaluedMap<String, String> query = calls.query(ranged, Set.of());
    String group = PERFORMANCE_GROUPS.contains(Forms.first(page, "group_by")) ? page.getFirst("group_by") : "client";
    query.putSingle("group_by", group);
    jakarta.ws.rs.core.Response byGroup = calls.reports().performance(session.caller(), query);
    JsonNode rows = calls.json(byGroup).path("items");
    String method = String.valueOf(byGroup.getHeaderString(Reports.PERCENTILES_HEADER));
    MultivaluedMap<String, String> overTime = calls.query(ranged, Set.of());
    String interval = ReportCalls.days(overTime) <= 2 ? "hour" : "day";
    overTime.putSingle("interval", interval);
    JsonNode days = calls.json(calls.reports().performance(session.caller(), overTime)).path("items");
    StringBuilder select = new StringBuilder("<label>By<select name=\"group_by\" id=\"group_by\">");
    PERFORMANCE_GROUPS.forEach(g -> select.append("<option value=\"").append(g).append('"')
        .append(g.equals(group) ? " selected" : "").append('>').append(g).append("</option>"));
    select.append("</select></label>");
    List<String> labels = new ArrayList<>();
    days.forEach(d -> labels.add(Html.text(d.get(interval))));
    List<Svg.Series> latency = new ArrayList<>();
    LATENCY_SERIES.forEach(s -> latency.add(series(s.getValue(), days, s.getKey())));
    String body = Forms.filters("/console/performance", query, sessions.teams(), select.toString())
        + "<h2>By " + Html.esc(group) + "</h2>" + Html.table("performance", columns(rows), rows,
            new Sort("/console/performance", page))
        + (method.startsWith("histogram")
            ? "<p class=\"note\" id=\"percentile-method\">Percentiles over this many calls come from daily latency "
                + "histograms: each is within 0.79 % of the exact value (exact below 128 ms). Counts, errors and "
                + "averages are exact.</p>"
            : "")
        + "<h2>Latency per " + interval + " (ms)</h2>" + Svg.lines("Latency per " + interval, labels, latency)
        + "<h2>Error rate per " + interval + "</h2>" + Svg.lines("Error rate per " + interval, labels,
            List.of(series("error rate", days, "error_rate")))
        + Html.table("performance-days", columns(days), days);
    return Html.page("Performance", session, "/console/performance", body);
  }

  String usage(ConsoleSession session, MultivaluedMap<String, String> page) {
    MultivaluedMap<String, String> query = calls.query(page, Set.of("group_by"));
    query.putIfAbsent("group_by", List.of("team", "model"));
    JsonNode rows = calls.json(calls.reports().usage(session.caller(), query)).path("items");
    List<String> groups = query.get("group_by");
    List<JsonNode> elements = elementTotals(rows, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance);
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
        + "<h2>Tokens per element</h2><p class=\"note\">Summed over the rows below. Cached and cache-write prompt "
        + "tokens are part of the prompt tokens, reasoning tokens part of the completion tokens.</p>"
        + Svg.bars("Tokens per element", elements.stream().map(e -> new Svg.Point(Html.text(e.get("element")),
            Svg.number(Html.text(e.get("tokens"))))).toList())
        + Html.table("usage-elements", List.of("element", "tokens"), elements)
        + "<h2>Cost per row</h2>" + (cost.size() > CHART_ROWS ? "<p class=\"note\">The " + CHART_ROWS
            + " rows of highest cost of " + cost.size() + "; the table has them all.</p>" : "")
        + Svg.bars("Cost per row", top(cost))
        + "<h2>Rows</h2>" + Html.table("usage", columns(rows), rows, new Sort("/console/usage", page));
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
        + Html.table("sources", List.of("source", "requests", "errors", "total_tokens", "cost", "currency"), rows,
            new Sort("/console/sources", page));
    return Html.page("Sources", session, "/console/sources", body);
  }

  /** The points of highest value, at most {@link #CHART_ROWS} of them, largest first (all, in order, when fewer). */
  private static List<Svg.Point> top(List<Svg.Point> points) {
    if (points.size() <= CHART_ROWS) {
      return points;
    }
    List<Svg.Point> sorted = new ArrayList<>(points);
    sorted.sort(java.util.Comparator.comparing(Svg.Point::value).reversed());
    return sorted.subList(0, CHART_ROWS);
  }

  /** One column of the report's rows as a chart's line. */
  private static Svg.Series series(String name, JsonNode rows, String column) {
    List<java.math.BigDecimal> values = new ArrayList<>();
    rows.forEach(r -> values.add(Svg.number(Html.text(r.get(column)))));
    return new Svg.Series(name, values);
  }

  /** The token elements of the rows shown, each summed over them: the usage page's element chart and table. */
  static List<JsonNode> elementTotals(JsonNode rows, com.fasterxml.jackson.databind.node.JsonNodeFactory nodes) {
    List<JsonNode> out = new ArrayList<>();
    for (String element : TOKEN_ELEMENTS) {
      java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
      for (JsonNode row : rows) {
        sum = sum.add(Svg.number(Html.text(row.get(element))));
      }
      out.add(nodes.objectNode().put("element", element).put("tokens", sum));
    }
    return out;
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
