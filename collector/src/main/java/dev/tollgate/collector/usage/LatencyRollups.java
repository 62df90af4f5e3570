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
 * The daily latency histograms ({@code latency_daily}, V16) of a batch, aggregated in memory per
 * (day, team, client, model, source, error or not) and appended as one row per key: ingest
 * never reads or locks a stored row, so batches of one client do not queue on each other's rows
 * (an upsert that merged into one row per key cost a third of ingest's throughput in the load
 * test). {@link LatencyCompaction} later sums a key's rows into one, with this class.
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

  /** Adds a stored row (compaction sums a key's rows this way). */
  void add(LatencyRollupSql.Stored stored) {
    Row row = rows.computeIfAbsent(stored.key(), k -> new Row());
    row.requests = Math.addExact(row.requests, stored.requests());
    row.latencySum = Math.addExact(row.latencySum, stored.latencySum());
    row.latency.addEncoded(stored.latency());
    row.ttft.addEncoded(stored.ttft());
  }

  /** The keys counted so far, in key order. */
  List<Key> keys() {
    return List.copyOf(rows.keySet());
  }

  /** Appends one row per key counted: no existing row is read or locked. */
  void write(Handle h) {
    if (rows.isEmpty()) {
      return;
    }
    List<Key> keys = keys();
    Map<String, Object> columns = new java.util.HashMap<>(keyColumns(keys));
    columns.put("requests", keys.stream().map(k -> Long.toString(rows.get(k).requests)).toArray(String[]::new));
    columns.put("latency_sum", keys.stream().map(k -> Long.toString(rows.get(k).latencySum)).toArray(String[]::new));
    columns.put("latency", keys.stream().map(k -> hex(rows.get(k).latency.encode())).toArray(String[]::new));
    columns.put("ttft", keys.stream().map(k -> hex(rows.get(k).ttft.encode())).toArray(String[]::new));
    LatencyRollupSql.append(h, columns);
  }

  /** The keys as text arrays, one per column, which the statements cast to their types. */
  static Map<String, Object> keyColumns(List<Key> keys) {
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
