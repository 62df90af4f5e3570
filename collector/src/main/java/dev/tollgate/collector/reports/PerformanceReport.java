package dev.tollgate.collector.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The performance report: requests, errors and latency percentiles per group, optionally per
 * hour or day. Percentiles are exact, computed by PostgreSQL's {@code percentile_cont} over
 * every event of the group (linear interpolation between the two nearest ranks: for sorted
 * values {@code v[0..n-1]} and fraction {@code p}, {@code r = p * (n - 1)}, the result is
 * {@code v[floor r] + (r - floor r) * (v[ceil r] - v[floor r])}). Events without a time to
 * first token are left out of {@code ttft_p95_ms}, which is null when no event has one.
 * Percentiles and the average are shown to the microsecond (3 decimals, half-even). Reads
 * the raw events (the rollup has no latencies) through the time index.
 */
final class PerformanceReport {

  static final List<String> METRICS = List.of("requests", "errors", "error_rate", "latency_avg_ms",
      "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "ttft_p95_ms");

  private final Jdbi jdbi;

  PerformanceReport(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  static List<String> columns(Grouping grouping, Optional<String> interval) {
    List<String> columns = new ArrayList<>(UsageReport.columns(grouping));
    columns.removeAll(UsageReport.METRICS);
    interval.ifPresent(columns::add);
    columns.addAll(METRICS);
    return columns;
  }

  ReportTable run(ReportFilter filter, Grouping grouping, Optional<String> interval) {
    List<String> columns = columns(grouping, interval);
    if (filter.matchesNothing()) {
      return new ReportTable(columns, List.of());
    }
    ReportSql sql = new ReportSql();
    List<String> keys = new ArrayList<>();
    List<String> order = new ArrayList<>();
    for (String key : grouping.keys()) {
      switch (key) {
        case "team" -> {
          keys.add("e.team_id AS k_team");
          order.add("t.name, g.k_team");
        }
        case "client" -> {
          keys.add("e.client_id AS k_client");
          order.add("c.client_id, g.k_client");
        }
        case "model" -> {
          keys.add("coalesce(e.rated_model, '') AS k_model");
          order.add("g.k_model");
        }
        default -> {
          keys.add("e.source AS k_source");
          order.add("g.k_source");
        }
      }
    }
    interval.ifPresent(i -> {
      keys.add(i.equals("hour") ? "date_trunc('hour', e.ts AT TIME ZONE 'UTC') AS k_interval"
          : "(e.ts AT TIME ZONE 'UTC')::date AS k_interval");
      order.add("g.k_interval");
    });
    String groupBy = String.join(", ", keys.stream().map(k -> k.substring(k.lastIndexOf(" AS ") + 4)).toList());
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
    text.append(" FROM (SELECT ").append(keys.isEmpty() ? "" : String.join(", ", keys) + ", ")
        .append("count(*) AS requests, count(*) FILTER (WHERE e.status_code >= 400) AS errors, ")
        .append("avg(e.latency_ms) AS latency_avg, ")
        .append("percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY e.latency_ms) AS latency_p, ")
        .append("percentile_cont(0.95) WITHIN GROUP (ORDER BY e.ttft_ms) AS ttft_p95 ")
        .append("FROM usage_events e WHERE e.ts >= ").append(sql.bind(TransactionsReport.utc(filter.from())))
        .append(" AND e.ts < ").append(sql.bind(TransactionsReport.utc(filter.to())))
        .append(" AND ").append(sql.filterConditions(filter, "e", false))
        .append(groupBy.isEmpty() ? "" : " GROUP BY " + groupBy)
        .append(") g").append(joins);
    if (!order.isEmpty()) {
      text.append(" ORDER BY ").append(String.join(", ", order));
    }
    List<Map<String, Object>> rows = jdbi.withHandle(h -> sql.query(h, text.toString())
        .map((rs, ctx) -> row(rs, grouping, interval))
        .list());
    // Without a group, an empty range still aggregates to one row of zero requests: drop it.
    return new ReportTable(columns, rows.stream().filter(r -> (long) r.get("requests") > 0).toList());
  }

  private static Map<String, Object> row(ResultSet rs, Grouping grouping, Optional<String> interval)
      throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
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
        case "model" -> row.put("model", UsageReport.emptyToNull(rs.getString("k_model")));
        default -> row.put("source", rs.getString("k_source"));
      }
    }
    if (interval.isPresent()) {
      row.put(interval.get(), interval.get().equals("hour")
          ? rs.getObject("k_interval", LocalDateTime.class).atOffset(ZoneOffset.UTC).toInstant().toString()
          : rs.getObject("k_interval", LocalDate.class).toString());
    }
    long requests = rs.getLong("requests");
    long errors = rs.getLong("errors");
    row.put("requests", requests);
    row.put("errors", errors);
    row.put("error_rate", requests == 0 ? BigDecimal.ZERO
        : BigDecimal.valueOf(errors).divide(BigDecimal.valueOf(requests), 6, RoundingMode.HALF_EVEN));
    BigDecimal avg = rs.getBigDecimal("latency_avg");
    row.put("latency_avg_ms", avg == null ? null : avg.setScale(3, RoundingMode.HALF_EVEN));
    Array array = rs.getArray("latency_p");
    Double[] p = array == null ? new Double[3] : (Double[]) array.getArray();
    row.put("latency_p50_ms", millis(p[0]));
    row.put("latency_p95_ms", millis(p[1]));
    row.put("latency_p99_ms", millis(p[2]));
    double ttft = rs.getDouble("ttft_p95");
    row.put("ttft_p95_ms", rs.wasNull() ? null : millis(ttft));
    return row;
  }

  /** An interpolated percentile to the microsecond (3 decimals), without binary-float noise. */
  private static BigDecimal millis(Double value) {
    return value == null ? null : BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN);
  }
}
