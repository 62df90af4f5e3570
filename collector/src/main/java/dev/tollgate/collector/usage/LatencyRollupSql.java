package dev.tollgate.collector.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The statements of the daily latency histograms ({@code latency_daily}, V16): ingest appends a
 * batch's rows; {@link LatencyCompaction} finds the keys of recent days that have several rows,
 * takes their rows out and appends each key's sum as one row.
 */
final class LatencyRollupSql {

  /** A stored row: its key, counts and histograms. */
  record Stored(LatencyRollups.Key key, long requests, long latencySum, byte[] latency, byte[] ttft) {}

  private static final String APPEND = """
      INSERT INTO latency_daily (day, team_id, client_id, model, source, is_error, requests, latency_sum,
        latency_histogram, ttft_histogram)
      SELECT * FROM unnest(CAST(:day AS date[]), CAST(:team AS uuid[]), CAST(:client AS uuid[]),
        CAST(:model AS text[]), CAST(:source AS text[]), CAST(:is_error AS boolean[]), CAST(:requests AS numeric[]),
        CAST(:latency_sum AS numeric[]), CAST(:latency AS bytea[]), CAST(:ttft AS bytea[]))""";

  private static final String KEYS_WITH_SEVERAL_ROWS = """
      SELECT day, team_id, client_id, model, source, is_error FROM latency_daily WHERE day >= :since
      GROUP BY day, team_id, client_id, model, source, is_error HAVING count(*) > 1 LIMIT :limit""";

  private static final String TAKE = """
      DELETE FROM latency_daily d
      USING unnest(CAST(:day AS date[]), CAST(:team AS uuid[]), CAST(:client AS uuid[]), CAST(:model AS text[]),
        CAST(:source AS text[]), CAST(:is_error AS boolean[])) AS k(day, team_id, client_id, model, source, is_error)
      WHERE (d.day, d.team_id, d.client_id, d.model, d.source, d.is_error)
        = (k.day, k.team_id, k.client_id, k.model, k.source, k.is_error)
      RETURNING d.day, d.team_id, d.client_id, d.model, d.source, d.is_error, d.requests, d.latency_sum,
        d.latency_histogram, d.ttft_histogram""";

  private LatencyRollupSql() {}

  /**
   * Appends rows: text arrays day, team, client, model, source, is_error, requests, latency_sum,
   * and the histograms as bytea hex text (latency, ttft).
   */
  static void append(Handle h, Map<String, Object> columns) {
    h.createUpdate(APPEND).bindMap(columns).execute();
  }

  /** Up to {@code limit} keys of days from {@code since} on that have more than one row. */
  static List<LatencyRollups.Key> keysWithSeveralRows(Handle h, LocalDate since, int limit) {
    return h.createQuery(KEYS_WITH_SEVERAL_ROWS).bind("since", since).bind("limit", limit)
        .map((rs, ctx) -> key(rs)).list();
  }

  /** Deletes and returns every row of the keys (text arrays, as {@link #append} takes them). */
  static List<Stored> take(Handle h, Map<String, Object> keyColumns) {
    return h.createQuery(TAKE).bindMap(keyColumns).map((rs, ctx) -> new Stored(key(rs),
        rs.getBigDecimal("requests").longValueExact(), rs.getBigDecimal("latency_sum").longValueExact(),
        rs.getBytes("latency_histogram"), rs.getBytes("ttft_histogram"))).list();
  }

  private static LatencyRollups.Key key(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new LatencyRollups.Key(rs.getObject("day", LocalDate.class), rs.getObject("team_id", UUID.class),
        rs.getObject("client_id", UUID.class), rs.getString("model"), rs.getString("source"),
        rs.getBoolean("is_error"));
  }
}
