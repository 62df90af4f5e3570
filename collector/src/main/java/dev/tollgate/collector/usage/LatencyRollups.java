package dev.tollgate.collector.usage;

import dev.tollgate.collector.common.LatencyHistogram;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The daily latency histograms ({@code latency_daily}, V16) of a batch: aggregated in memory per
 * (day, team, client, model, source, error or not), then added to the stored rows in one upsert
 * that merges the histograms in PostgreSQL ({@code tollgate_histogram_add}). Rows go in key order,
 * as {@link Rollups} sends its own, so concurrent batches lock shared rows in the same order.
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

  private static final String UPSERT = """
      INSERT INTO latency_daily AS d (day, team_id, client_id, model, source, is_error, requests, latency_sum,
        latency_buckets, latency_counts, ttft_buckets, ttft_counts)
      SELECT day, team_id, client_id, model, source, is_error, requests, latency_sum,
        CAST(lb AS integer[]), CAST(lc AS bigint[]), CAST(tb AS integer[]), CAST(tc AS bigint[])
      FROM unnest(CAST(:day AS date[]), CAST(:team AS uuid[]), CAST(:client AS uuid[]), CAST(:model AS text[]),
        CAST(:source AS text[]), CAST(:is_error AS boolean[]), CAST(:requests AS bigint[]),
        CAST(:latency_sum AS bigint[]), CAST(:lb AS text[]), CAST(:lc AS text[]), CAST(:tb AS text[]),
        CAST(:tc AS text[]))
        AS u(day, team_id, client_id, model, source, is_error, requests, latency_sum, lb, lc, tb, tc)
      ORDER BY day, team_id, client_id, model, source, is_error
      ON CONFLICT (day, team_id, client_id, model, source, is_error) DO UPDATE SET
        requests = d.requests + EXCLUDED.requests,
        latency_sum = d.latency_sum + EXCLUDED.latency_sum,
        (latency_buckets, latency_counts) = (SELECT buckets, counts FROM tollgate_histogram_add(
          d.latency_buckets, d.latency_counts, EXCLUDED.latency_buckets, EXCLUDED.latency_counts)),
        (ttft_buckets, ttft_counts) = (SELECT buckets, counts FROM tollgate_histogram_add(
          d.ttft_buckets, d.ttft_counts, EXCLUDED.ttft_buckets, EXCLUDED.ttft_counts))""";

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

  void write(Handle h) {
    if (rows.isEmpty()) {
      return;
    }
    int n = rows.size();
    String[][] cols = new String[12][n];
    int i = 0;
    for (Map.Entry<Key, Row> entry : rows.entrySet()) {
      Key k = entry.getKey();
      Row r = entry.getValue();
      cols[0][i] = k.day().toString();
      cols[1][i] = k.teamId().toString();
      cols[2][i] = k.clientId().toString();
      cols[3][i] = k.model();
      cols[4][i] = k.source();
      cols[5][i] = Boolean.toString(k.isError());
      cols[6][i] = Long.toString(r.requests);
      cols[7][i] = Long.toString(r.latencySum);
      cols[8][i] = array(r.latency.buckets());
      cols[9][i] = array(r.latency.counts());
      cols[10][i] = array(r.ttft.buckets());
      cols[11][i] = array(r.ttft.counts());
      i++;
    }
    h.createUpdate(UPSERT).bind("day", cols[0]).bind("team", cols[1]).bind("client", cols[2])
        .bind("model", cols[3]).bind("source", cols[4]).bind("is_error", cols[5]).bind("requests", cols[6])
        .bind("latency_sum", cols[7]).bind("lb", cols[8]).bind("lc", cols[9]).bind("tb", cols[10])
        .bind("tc", cols[11]).execute();
  }

  /** A PostgreSQL array literal of whole numbers: {@code {1,2,3}}. */
  private static String array(int[] values) {
    return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(",", "{", "}"));
  }

  private static String array(long[] values) {
    return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(",", "{", "}"));
  }
}
