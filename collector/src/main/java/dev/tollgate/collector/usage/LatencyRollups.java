package dev.tollgate.collector.usage;

import dev.tollgate.collector.common.LatencyHistogram;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The daily latency histograms ({@code latency_daily}, V16) of a batch: aggregated in memory per
 * (day, team, client, model, source, error or not), then merged into the stored rows, which are
 * locked in key order (as {@link Rollups} locks its own), so concurrent batches cannot deadlock
 * and no batch's counts are lost.
 * Re-rating changes none of these keys or latencies, so only ingest writes them.
 */
final class LatencyRollups {

  record Key(LocalDate day, UUID teamId, UUID clientId, String model, String source, boolean isError) {}

  private static final Comparator<Key> ORDER = Comparator.comparing(Key::day).thenComparing(Key::teamId)
      .thenComparing(Key::clientId).thenComparing(Key::model).thenComparing(Key::source)
      .thenComparing(Key::isError);

  private static final class Row {
    long requests;
    long latencySum;
    final LatencyHistogram latency = new LatencyHistogram();
    final LatencyHistogram ttft = new LatencyHistogram();
  }

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

  private final Map<Key, Row> rows = new TreeMap<>(ORDER);

  /** Counts one stored event of {@code teamId} and {@code clientId}. */
  void add(UUID teamId, UUID clientId, RatedEvent rated) {
    IngestEvent e = rated.event();
    Key key = new Key(LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC), teamId, clientId,
        e.ratedModel() == null ? "" : e.ratedModel(), rated.source(), e.isError());
    Row row = rows.computeIfAbsent(key, k -> new Row());
    row.requests++;
    row.latencySum += e.latencyMs();
    row.latency.add(e.latencyMs());
    if (e.ttftMs() != null) {
      row.ttft.add(e.ttftMs());
    }
  }

  /**
   * Adds the batch to the stored rows: creates the missing ones, locks them all in key order,
   * merges each stored histogram with the batch's in memory, and writes the sums back.
   */
  void write(Handle h) {
    if (rows.isEmpty()) {
      return;
    }
    List<Key> keys = List.copyOf(rows.keySet());
    h.createUpdate(CREATE_MISSING).bindMap(keyColumns(keys)).execute();
    h.createQuery(LOCK).bindMap(keyColumns(keys)).map((rs, ctx) -> {
      Row row = rows.get(new Key(rs.getObject("day", LocalDate.class), rs.getObject("team_id", UUID.class),
          rs.getObject("client_id", UUID.class), rs.getString("model"), rs.getString("source"),
          rs.getBoolean("is_error")));
      row.latency.addEncoded(rs.getBytes("latency_histogram"));
      row.ttft.addEncoded(rs.getBytes("ttft_histogram"));
      return row;
    }).list();
    Map<String, Object> update = new java.util.HashMap<>(keyColumns(keys));
    update.put("requests", keys.stream().map(k -> Long.toString(rows.get(k).requests)).toArray(String[]::new));
    update.put("latency_sum", keys.stream().map(k -> Long.toString(rows.get(k).latencySum)).toArray(String[]::new));
    update.put("latency", keys.stream().map(k -> hex(rows.get(k).latency.encode())).toArray(String[]::new));
    update.put("ttft", keys.stream().map(k -> hex(rows.get(k).ttft.encode())).toArray(String[]::new));
    h.createUpdate(UPDATE).bindMap(update).execute();
  }

  /** The keys as text arrays, one per column, which the statements cast to their types. */
  private static Map<String, Object> keyColumns(List<Key> keys) {
    return Map.of(
        "day", keys.stream().map(k -> k.day().toString()).toArray(String[]::new),
        "team", keys.stream().map(k -> k.teamId().toString()).toArray(String[]::new),
        "client", keys.stream().map(k -> k.clientId().toString()).toArray(String[]::new),
        "model", keys.stream().map(Key::model).toArray(String[]::new),
        "source", keys.stream().map(Key::source).toArray(String[]::new),
        "is_error", keys.stream().map(k -> Boolean.toString(k.isError())).toArray(String[]::new));
  }

  /** bytea's hex input form. */
  private static String hex(byte[] bytes) {
    return "\\x" + java.util.HexFormat.of().formatHex(bytes);
  }
}
