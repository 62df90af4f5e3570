package dev.tollgate.collector.reports;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The usage report ("custom reports"): requests, errors, every token element and cost,
 * grouped by any combination of team, client, model, source, end user, tags and calendar
 * periods.
 *
 * <p>Where it reads from: the daily rollup {@code usage_daily} for every whole UTC day of
 * the range, and the raw events only for the partial days at either edge of a range that
 * does not start or end at UTC midnight, so a month costs a few thousand rollup rows plus
 * at most two partial days of events, and the figures stay exact to the event. Grouping by
 * {@code end_user} or a tag, which the rollup does not keep, reads the raw events for the
 * whole range.
 */
final class UsageReport {

  static final List<String> METRICS = List.of("requests", "errors", "prompt_tokens", "cached_prompt_tokens",
      "cache_write_prompt_tokens", "audio_prompt_tokens", "completion_tokens", "reasoning_tokens",
      "audio_completion_tokens", "total_tokens", "cost", "currency");

  private static final List<String> TOKENS = List.of("prompt_tokens", "cached_prompt_tokens",
      "cache_write_prompt_tokens", "audio_prompt_tokens", "completion_tokens", "reasoning_tokens",
      "audio_completion_tokens");

  private final Jdbi jdbi;

  UsageReport(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Which days the rollup answers, and which instants need raw events. */
  record Plan(LocalDate rollupFrom, LocalDate rollupTo, List<Instant[]> rawRanges) {

    static Plan of(Instant from, Instant to, boolean rawOnly) {
      LocalDate fromDay = LocalDate.ofInstant(from, ZoneOffset.UTC);
      LocalDate firstWhole = midnight(fromDay).equals(from) ? fromDay : fromDay.plusDays(1);
      LocalDate endWhole = LocalDate.ofInstant(to, ZoneOffset.UTC);
      if (rawOnly || !firstWhole.isBefore(endWhole)) {
        return new Plan(null, null, List.<Instant[]>of(new Instant[] {from, to}));
      }
      List<Instant[]> raw = new ArrayList<>();
      if (from.isBefore(midnight(firstWhole))) {
        raw.add(new Instant[] {from, midnight(firstWhole)});
      }
      if (midnight(endWhole).isBefore(to)) {
        raw.add(new Instant[] {midnight(endWhole), to});
      }
      return new Plan(firstWhole, endWhole, raw);
    }

    boolean usesRollup() {
      return rollupFrom != null;
    }

    private static Instant midnight(LocalDate day) {
      return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
  }

  static List<String> columns(Grouping grouping) {
    List<String> columns = new ArrayList<>();
    for (String key : grouping.keys()) {
      switch (key) {
        case "team" -> columns.addAll(List.of("team_id", "team"));
        case "client" -> columns.addAll(List.of("client_id", "client"));
        default -> columns.add(key);
      }
    }
    columns.addAll(METRICS);
    return columns;
  }

  ReportTable run(ReportFilter filter, Grouping grouping) {
    List<String> columns = columns(grouping);
    if (filter.matchesNothing()) {
      return new ReportTable(columns, List.of());
    }
    ReportSql sql = new ReportSql();
    Plan plan = Plan.of(filter.from(), filter.to(), grouping.needsRawEvents() || filter.needsRawEvents());
    List<String> parts = new ArrayList<>();
    if (plan.usesRollup()) {
      parts.add("SELECT d.day, d.team_id, d.client_id, d.model, d.source, d.is_error, d.currency, d.requests, "
          + String.join(", ", TOKENS.stream().map(t -> "d." + t).toList()) + ", d.cost "
          + "FROM usage_daily d WHERE d.day >= " + sql.bind(plan.rollupFrom()) + " AND d.day < "
          + sql.bind(plan.rollupTo()) + " AND " + sql.filterConditions(filter, "d", true));
    }
    if (!plan.rawRanges().isEmpty()) {
      parts.add(rawPart(sql, filter, grouping, plan.rawRanges()));
    }
    String base = String.join(" UNION ALL ", parts);

    List<String> keys = new ArrayList<>();
    List<String> order = new ArrayList<>();
    int tag = 0;
    for (String key : grouping.keys()) {
      switch (key) {
        case "team" -> {
          keys.add("b.team_id AS k_team");
          order.add("t.name, g.k_team");
        }
        case "client" -> {
          keys.add("b.client_id AS k_client");
          order.add("c.client_id, g.k_client");
        }
        case "week", "month" -> {
          keys.add("date_trunc('" + key + "', b.day::timestamp)::date AS k_" + key);
          order.add("g.k_" + key);
        }
        default -> {
          String column = key.startsWith("tag:") ? "tag_" + tag++ : key;
          keys.add("b." + column + " AS k_" + column);
          order.add("g.k_" + column + " NULLS FIRST");
        }
      }
    }
    StringBuilder text = new StringBuilder("SELECT g.*");
    StringBuilder joins = new StringBuilder();
    if (grouping.has("team")) {
      text.append(", t.name AS team_name");
      joins.append(" LEFT JOIN teams t ON t.id = g.k_team");
    }
    if (grouping.has("client")) {
      text.append(", c.client_id AS public_client_id, c.name AS client_name");
      joins.append(" LEFT JOIN clients c ON c.id = g.k_client");
    }
    String groupBy = keys.stream().map(k -> k.substring(k.lastIndexOf(" AS ") + 4)).reduce((a, b) -> a + ", " + b)
        .map(s -> s + ", b.currency").orElse("b.currency");
    text.append(" FROM (SELECT ").append(keys.isEmpty() ? "" : String.join(", ", keys) + ", ")
        .append("b.currency, sum(b.requests) AS requests, coalesce(sum(b.requests) FILTER (WHERE b.is_error), 0) AS errors, ")
        .append(String.join(", ", TOKENS.stream().map(t -> "sum(b." + t + ") AS " + t).toList()))
        .append(", sum(b.cost) AS cost FROM (").append(base).append(") b GROUP BY ").append(groupBy).append(") g")
        .append(joins);
    order.add("g.currency");
    text.append(" ORDER BY ").append(String.join(", ", order));

    List<Map<String, Object>> rows = jdbi.withHandle(h -> sql.query(h, text.toString())
        .map((rs, ctx) -> row(rs, grouping))
        .list());
    return new ReportTable(columns, rows);
  }

  private static String rawPart(ReportSql sql, ReportFilter filter, Grouping grouping, List<Instant[]> ranges) {
    List<String> time = new ArrayList<>();
    for (Instant[] range : ranges) {
      time.add("(e.ts >= " + sql.bind(TransactionsReport.utc(range[0])) + " AND e.ts < "
          + sql.bind(TransactionsReport.utc(range[1])) + ")");
    }
    StringBuilder part = new StringBuilder("SELECT (e.ts AT TIME ZONE 'UTC')::date AS day, e.team_id, e.client_id, "
        + "coalesce(e.rated_model, '') AS model, e.source, e.status_code >= 400 AS is_error, e.currency, "
        + "1::bigint AS requests, " + String.join(", ", TOKENS.stream().map(t -> "e." + t).toList())
        + ", e.total_cost AS cost");
    if (grouping.has("end_user")) {
      part.append(", e.end_user");
    }
    List<String> tags = grouping.tagKeys();
    for (int i = 0; i < tags.size(); i++) {
      part.append(", e.tags ->> ").append(sql.bind(tags.get(i))).append(" AS tag_").append(i);
    }
    part.append(" FROM usage_events e WHERE (").append(String.join(" OR ", time)).append(") AND ")
        .append(sql.filterConditions(filter, "e", false));
    return part.toString();
  }

  private static Map<String, Object> row(ResultSet rs, Grouping grouping) throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    int tag = 0;
    for (String key : grouping.keys()) {
      switch (key) {
        case "team" -> {
          row.put("team_id", rs.getString("k_team"));
          row.put("team", rs.getString("team_name"));
        }
        case "client" -> {
          row.put("client_id", rs.getString("public_client_id"));
          row.put("client", rs.getString("client_name"));
        }
        case "model" -> row.put("model", emptyToNull(rs.getString("k_model")));
        case "day", "week", "month" -> row.put(key, rs.getObject("k_" + key, LocalDate.class).toString());
        default -> row.put(key, rs.getString("k_" + (key.startsWith("tag:") ? "tag_" + tag++ : key)));
      }
    }
    // Sums are NUMERIC: read whole numbers of any size, never a long that could overflow.
    row.put("requests", count(rs, "requests"));
    row.put("errors", count(rs, "errors"));
    for (String token : TOKENS) {
      row.put(token, count(rs, token));
    }
    row.put("total_tokens", count(rs, "prompt_tokens").add(count(rs, "completion_tokens")));
    row.put("cost", rs.getBigDecimal("cost").toPlainString());
    row.put("currency", rs.getString("currency"));
    return row;
  }

  /** A summed count of any size (0 when the sum is over no rows). */
  static BigInteger count(ResultSet rs, String column) throws SQLException {
    BigDecimal value = rs.getBigDecimal(column);
    return value == null ? BigInteger.ZERO : value.toBigInteger();
  }

  static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
