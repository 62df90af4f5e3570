package dev.tollgate.collector.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The statements {@link LatencyRollups} adds a batch with: create the missing rows, lock every
 * row of the batch in key order and read its histograms, write the merged rows back. Three
 * statements, so that the lock sees rows another batch created meanwhile (one statement's
 * snapshot would not, and its merge would overwrite theirs).
 */
final class LatencyRollupSql {

  /** A stored row's key and histograms, locked until the transaction ends. */
  record Stored(LatencyRollups.Key key, byte[] latency, byte[] ttft) {}

  /** The batch's keys, one array per column, as the statements below take them. */
  private static final String KEYS = """
      unnest(CAST(:day AS date[]), CAST(:team AS uuid[]), CAST(:client AS uuid[]), CAST(:model AS text[]),
        CAST(:source AS text[]), CAST(:is_error AS boolean[]))
        AS k(day, team_id, client_id, model, source, is_error)""";

  private static final String CREATE_MISSING = """
      INSERT INTO latency_daily (day, team_id, client_id, model, source, is_error, requests, latency_sum,
        latency_histogram, ttft_histogram)
      SELECT day, team_id, client_id, model, source, is_error, 0, 0, '', '' FROM\s""" + KEYS + """

      ORDER BY day, team_id, client_id, model, source, is_error
      ON CONFLICT DO NOTHING""";

  private static final String LOCK = """
      SELECT d.day, d.team_id, d.client_id, d.model, d.source, d.is_error, d.latency_histogram, d.ttft_histogram
      FROM latency_daily d JOIN\s""" + KEYS + """
       USING (day, team_id, client_id, model, source, is_error)
      ORDER BY d.day, d.team_id, d.client_id, d.model, d.source, d.is_error
      FOR UPDATE OF d""";

  private static final String UPDATE = """
      UPDATE latency_daily d SET requests = d.requests + u.requests, latency_sum = d.latency_sum + u.latency_sum,
        latency_histogram = u.latency_histogram, ttft_histogram = u.ttft_histogram
      FROM unnest(CAST(:day AS date[]), CAST(:team AS uuid[]), CAST(:client AS uuid[]), CAST(:model AS text[]),
        CAST(:source AS text[]), CAST(:is_error AS boolean[]), CAST(:requests AS bigint[]),
        CAST(:latency_sum AS bigint[]), CAST(:latency AS bytea[]), CAST(:ttft AS bytea[]))
        AS u(day, team_id, client_id, model, source, is_error, requests, latency_sum, latency_histogram, ttft_histogram)
      WHERE (d.day, d.team_id, d.client_id, d.model, d.source, d.is_error)
        = (u.day, u.team_id, u.client_id, u.model, u.source, u.is_error)""";

  private LatencyRollupSql() {}

  /** Creates the rows of the keys (text arrays day, team, client, model, source, is_error) that are missing. */
  static void createMissing(Handle h, Map<String, Object> keyColumns) {
    h.createUpdate(CREATE_MISSING).bindMap(keyColumns).execute();
  }

  /** Locks the keys' rows in key order and returns them. */
  static List<Stored> lock(Handle h, Map<String, Object> keyColumns) {
    return h.createQuery(LOCK).bindMap(keyColumns).map((rs, ctx) -> new Stored(
        new LatencyRollups.Key(rs.getObject("day", LocalDate.class), rs.getObject("team_id", UUID.class),
            rs.getObject("client_id", UUID.class), rs.getString("model"), rs.getString("source"),
            rs.getBoolean("is_error")),
        rs.getBytes("latency_histogram"), rs.getBytes("ttft_histogram"))).list();
  }

  /** Adds the counts and sums and writes the merged histograms (bytea hex text) of the keys' rows. */
  static void add(Handle h, Map<String, Object> columns) {
    h.createUpdate(UPDATE).bindMap(columns).execute();
  }
}
