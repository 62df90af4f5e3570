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
import dev.tollgate.collector.common.LatencyHistogram;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The performance report: requests, errors and latency percentiles per group, optionally per
 * hour or day.
 *
 * <p>Percentiles are exact while the range is small: PostgreSQL's {@code percentile_cont} over
 * every event of the group (linear interpolation between the two nearest ranks: for sorted
 * values {@code v[0..n-1]} and fraction {@code p}, {@code r = p * (n - 1)}, the result is
 * {@code v[floor r] + (r - floor r) * (v[ceil r] - v[floor r])}). That sorts every latency of
 * the range, seconds for a month of millions of calls; so when the range's whole UTC days hold
 * more calls than {@code exactPercentileLimit} (and the report is per day or for the whole
 * range, with no trace id, end user or tag filter), the whole days come from the daily latency
 * histograms ({@code latency_daily}, kept by ingest) and the partial days at the edges from the
 * raw events, bucketed alike: the same formula over the buckets' midpoints, within
 * {@link LatencyHistogram#MAX_RELATIVE_ERROR} (0.79 %) of the exact value, and exact below
 * 128 ms. Requests, errors and the average stay exact either way. Events without a time to first
 * token are left out of {@code ttft_p95_ms}, which is null when no event has one. Percentiles
 * and the average are shown to the microsecond (3 decimals, half-even).
 */
final class PerformanceReport {

  static final List<String> METRICS = List.of("requests", "errors", "error_rate", "latency_avg_ms",
      "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "ttft_p95_ms");

  /** A report and whether its percentiles came from the daily histograms (else they are exact). */
  record Result(ReportTable table, boolean fromHistograms) {}

  private final Jdbi jdbi;
  private final long exactPercentileLimit;

  PerformanceReport(Jdbi jdbi, long exactPercentileLimit) {
    this.jdbi = jdbi;
    this.exactPercentileLimit = exactPercentileLimit;
  }

  static List<String> columns(Grouping grouping, Optional<String> interval) {
    List<String> columns = new ArrayList<>(UsageReport.columns(grouping));
    columns.removeAll(UsageReport.METRICS);
    interval.ifPresent(columns::add);
    columns.addAll(METRICS);
    return columns;
  }

  Result run(ReportFilter filter, Grouping grouping, Optional<String> interval) {
    List<String> columns = columns(grouping, interval);
    if (filter.matchesNothing()) {
      return new Result(new ReportTable(columns, List.of()), false);
    }
    if (!interval.equals(Optional.of("hour")) && !filter.needsRawEvents()) {
      UsageReport.Plan plan = UsageReport.Plan.of(filter.from(), filter.to(), false);
      if (plan.usesRollup() && callsInWholeDays(filter, plan) > exactPercentileLimit) {
        return new Result(new ReportTable(columns, fromHistograms(filter, grouping, interval, plan)), true);
      }
    }
    return new Result(new ReportTable(columns, exact(filter, grouping, interval)), false);
  }

  private List<Map<String, Object>> exact(ReportFilter filter, Grouping grouping, Optional<String> interval) {
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
    return rows.stream().filter(r -> (long) r.get("requests") > 0).toList();
  }

  /** How many calls the whole days of the range hold, from the histograms' exact counts. */
  private long callsInWholeDays(ReportFilter filter, UsageReport.Plan plan) {
    ReportSql sql = new ReportSql();
    String text = "SELECT coalesce(sum(d.requests), 0) FROM latency_daily d WHERE d.day >= "
        + sql.bind(plan.rollupFrom()) + " AND d.day < " + sql.bind(plan.rollupTo()) + " AND "
        + sql.filterConditions(filter, "d", true);
    return jdbi.withHandle(h -> sql.query(h, text).mapTo(BigDecimal.class).one()).min(BigDecimal.valueOf(Long.MAX_VALUE))
        .longValueExact();
  }

  /** One output row being summed: its group's keys, and the counts and histograms so far. */
  private static final class Group {
    final Map<String, Object> keys;
    final List<Comparable<?>> order;
    long requests;
    long errors;
    BigDecimal latencySum = BigDecimal.ZERO;
    final LatencyHistogram latency = new LatencyHistogram();
    final LatencyHistogram ttft = new LatencyHistogram();

    Group(Map<String, Object> keys, List<Comparable<?>> order) {
      this.keys = keys;
      this.order = order;
    }
  }

  /**
   * The report from the daily histograms for the whole days of {@code plan} and from the raw
   * events of its partial edge days, bucketed the same way.
   */
  private List<Map<String, Object>> fromHistograms(ReportFilter filter, Grouping grouping,
      Optional<String> interval, UsageReport.Plan plan) {
    Map<List<Comparable<?>>, Group> groups = new java.util.HashMap<>();
    Function<ResultSet, Group> groupOf = rs -> {
      try {
        List<Comparable<?>> order = new ArrayList<>();
        Map<String, Object> keys = new LinkedHashMap<>();
        groupKeys(rs, grouping, keys, order);
        if (interval.isPresent()) {
          LocalDate day = rs.getObject("k_interval", LocalDate.class);
          keys.put("day", day.toString());
          order.add(day);
        }
        return groups.computeIfAbsent(order, o -> new Group(keys, o));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
    jdbi.useHandle(h -> {
      ReportSql sql = new ReportSql();
      String text = select(grouping, interval, "d", "d.model", "d.day")
          + ", d.is_error, d.requests, d.latency_sum, d.latency_histogram, d.ttft_histogram"
          + joins(grouping, "d") + " WHERE d.day >= " + sql.bind(plan.rollupFrom()) + " AND d.day < "
          + sql.bind(plan.rollupTo()) + " AND " + sql.filterConditions(filter, "d", true);
      // Binary results from the first execution: the histograms' bytes as they are, not as hex text.
      sql.query(h, text).addCustomizer(new org.jdbi.v3.core.statement.StatementCustomizer() {
        @Override
        public void beforeExecution(java.sql.PreparedStatement statement, org.jdbi.v3.core.statement.StatementContext ctx)
            throws SQLException {
          statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
        }
      }).map((rs, ctx) -> {
        Group g = groupOf.apply(rs);
        long requests = rs.getBigDecimal("requests").longValueExact();
        g.requests += requests;
        g.errors += rs.getBoolean("is_error") ? requests : 0;
        g.latencySum = g.latencySum.add(rs.getBigDecimal("latency_sum"));
        g.latency.addEncoded(rs.getBytes("latency_histogram"));
        g.ttft.addEncoded(rs.getBytes("ttft_histogram"));
        return g;
      }).forEach(g -> { });
      for (Instant[] range : plan.rawRanges()) {
        ReportSql edge = new ReportSql();
        String raw = select(grouping, interval, "e", "coalesce(e.rated_model, '')", "(e.ts AT TIME ZONE 'UTC')::date")
            + ", e.status_code >= 400 AS is_error, e.latency_ms, e.ttft_ms" + joins(grouping, "e")
            + " WHERE e.ts >= " + edge.bind(TransactionsReport.utc(range[0])) + " AND e.ts < "
            + edge.bind(TransactionsReport.utc(range[1])) + " AND " + edge.filterConditions(filter, "e", false);
        edge.query(h, raw).map((rs, ctx) -> {
          Group g = groupOf.apply(rs);
          int latency = rs.getInt("latency_ms");
          g.requests++;
          g.errors += rs.getBoolean("is_error") ? 1 : 0;
          g.latencySum = g.latencySum.add(BigDecimal.valueOf(latency));
          g.latency.add(latency);
          int ttft = rs.getInt("ttft_ms");
          if (!rs.wasNull()) {
            g.ttft.add(ttft);
          }
          return g;
        }).forEach(g -> { });
      }
    });
    return groups.values().stream().sorted((a, b) -> compareKeys(a.order, b.order)).map(g -> {
      Map<String, Object> row = new LinkedHashMap<>(g.keys);
      metrics(row, g.requests, g.errors,
          g.latencySum.divide(BigDecimal.valueOf(g.requests), 3, RoundingMode.HALF_EVEN),
          new Double[] {g.latency.percentile(0.5), g.latency.percentile(0.95), g.latency.percentile(0.99)},
          g.ttft.percentile(0.95));
      return row;
    }).toList();
  }

  /** Orders groups as the exact query's ORDER BY does: key by key, nulls last. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(List<Comparable<?>> a, List<Comparable<?>> b) {
    Comparator<Comparable> nullsLast = Comparator.nullsLast(Comparator.naturalOrder());
    for (int i = 0; i < a.size(); i++) {
      int c = nullsLast.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * The group keys of a histogram or raw-event read of table {@code alias} (whose model key is
   * {@code model}), and {@code day} when the report is per day.
   */
  private static String select(Grouping grouping, Optional<String> interval, String alias, String model,
      String day) {
    List<String> columns = new ArrayList<>();
    for (String key : grouping.keys()) {
      switch (key) {
        case "team" -> columns.add(alias + ".team_id AS k_team, t.name AS team_name");
        case "client" -> columns.add(alias + ".client_id AS k_client, c.client_id AS public_client_id, "
            + "c.name AS client_name");
        case "model" -> columns.add(model + " AS k_model");
        default -> columns.add(alias + ".source AS k_source");
      }
    }
    interval.ifPresent(i -> columns.add(day + " AS k_interval"));
    return "SELECT " + (columns.isEmpty() ? "1 AS one" : String.join(", ", columns));
  }

  private static String joins(Grouping grouping, String alias) {
    String from = " FROM " + (alias.equals("d") ? "latency_daily d" : "usage_events e");
    if (grouping.has("team")) {
      from += " LEFT JOIN teams t ON t.id = " + alias + ".team_id";
    }
    if (grouping.has("client")) {
      from += " LEFT JOIN clients c ON c.id = " + alias + ".client_id";
    }
    return from;
  }

  private static Map<String, Object> row(ResultSet rs, Grouping grouping, Optional<String> interval)
      throws SQLException {
    Map<String, Object> row = new LinkedHashMap<>();
    groupKeys(rs, grouping, row, new ArrayList<>());
    if (interval.isPresent()) {
      row.put(interval.get(), interval.get().equals("hour")
          ? rs.getObject("k_interval", LocalDateTime.class).atOffset(ZoneOffset.UTC).toInstant().toString()
          : rs.getObject("k_interval", LocalDate.class).toString());
    }
    BigDecimal avg = rs.getBigDecimal("latency_avg");
    Array array = rs.getArray("latency_p");
    double ttft = rs.getDouble("ttft_p95");
    Double ttftP95 = rs.wasNull() ? null : ttft;
    metrics(row, rs.getLong("requests"), rs.getLong("errors"),
        avg == null ? null : avg.setScale(3, RoundingMode.HALF_EVEN),
        array == null ? new Double[3] : (Double[]) array.getArray(), ttftP95);
    return row;
  }

  /**
   * Puts the group keys of a result row into {@code keys} (as the report shows them) and their
   * sort order into {@code order} (the team's name, then its id; the client's public id, then
   * its internal id; the model; the source).
   */
  private static void groupKeys(ResultSet rs, Grouping grouping, Map<String, Object> keys,
      List<Comparable<?>> order) throws SQLException {
    for (String key : grouping.keys()) {
      switch (key) {
        case "team" -> {
          keys.put("team_id", rs.getString("k_team"));
          keys.put("team", rs.getString("team_name"));
          order.add(rs.getString("team_name"));
          order.add(rs.getString("k_team"));
        }
        case "client" -> {
          keys.put("client_id", rs.getString("public_client_id"));
          keys.put("client", rs.getString("client_name"));
          order.add(rs.getString("public_client_id"));
          order.add(rs.getString("k_client"));
        }
        case "model" -> {
          keys.put("model", UsageReport.emptyToNull(rs.getString("k_model")));
          order.add(rs.getString("k_model"));
        }
        default -> {
          keys.put("source", rs.getString("k_source"));
          order.add(rs.getString("k_source"));
        }
      }
    }
  }

  /** Puts a row's metrics in {@link #METRICS}' order; {@code latency} holds P50, P95 and P99. */
  private static void metrics(Map<String, Object> row, long requests, long errors, BigDecimal average,
      Double[] latency, Double ttftP95) {
    row.put("requests", requests);
    row.put("errors", errors);
    row.put("error_rate", requests == 0 ? BigDecimal.ZERO
        : BigDecimal.valueOf(errors).divide(BigDecimal.valueOf(requests), 6, RoundingMode.HALF_EVEN));
    row.put("latency_avg_ms", average);
    row.put("latency_p50_ms", millis(latency[0]));
    row.put("latency_p95_ms", millis(latency[1]));
    row.put("latency_p99_ms", millis(latency[2]));
    row.put("ttft_p95_ms", millis(ttftP95));
  }

  /** An interpolated percentile to the microsecond (3 decimals), without binary-float noise. */
  private static BigDecimal millis(Double value) {
    return value == null ? null : BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN);
  }
}
