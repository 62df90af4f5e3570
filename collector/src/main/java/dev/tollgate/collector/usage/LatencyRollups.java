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
    Map<String, Object> keyColumns = keyColumns(keys);
    LatencyRollupSql.createMissing(h, keyColumns);
    for (LatencyRollupSql.Stored stored : LatencyRollupSql.lock(h, keyColumns)) {
      Row row = rows.get(stored.key());
      row.latency.addEncoded(stored.latency());
      row.ttft.addEncoded(stored.ttft());
    }
    Map<String, Object> update = new java.util.HashMap<>(keyColumns);
    update.put("requests", keys.stream().map(k -> Long.toString(rows.get(k).requests)).toArray(String[]::new));
    update.put("latency_sum", keys.stream().map(k -> Long.toString(rows.get(k).latencySum)).toArray(String[]::new));
    update.put("latency", keys.stream().map(k -> hex(rows.get(k).latency.encode())).toArray(String[]::new));
    update.put("ttft", keys.stream().map(k -> hex(rows.get(k).ttft.encode())).toArray(String[]::new));
    LatencyRollupSql.add(h, update);
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
