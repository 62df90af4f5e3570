package dev.tollgate.collector.usage;

import static dev.tollgate.collector.usage.IngestTestData.batch;
import static dev.tollgate.collector.usage.IngestTestData.event;
import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.common.LatencyHistogram;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingest keeps the daily latency histograms (latency_daily, V16) as migration V16 builds them
 * from the stored events: after batches that append rows to the same keys, a replayed batch and
 * the compaction that sums each key's rows, the same rows byte for byte, so the Java buckets and
 * encoding and the SQL ones agree.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LatencyRollupIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(),
          c -> c.getUsageStorage().setLatencyCompactionInterval(io.dropwizard.util.Duration.hours(1)));
  static final Instant NOW = ClockedApp.DEFAULT_NOW;
  static IngestTestData data;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.ratingExamplePriceBook();
  }

  static String timedEvent(Instant ts, String model, int status, int latency, Integer ttft) {
    return event(UUID.randomUUID(), ts, model, "{\"prompt_tokens\":10,\"completion_tokens\":5}")
        .replace("\"status_code\":200,\"latency_ms\":120", "\"status_code\":" + status + ",\"latency_ms\":" + latency
            + (ttft == null ? "" : ",\"ttft_ms\":" + ttft + ",\"streamed\":true"));
  }

  @Test
  void ingestKeepsTheHistogramsTheEventsGive() {
    Random random = new Random(11);
    List<String> tokens = List.of(data.token(data.activeClient("Latency A", "0")),
        data.token(data.activeClient("Latency B", "0")));
    List<Integer> edges = List.of(0, 127, 128, 129, 255, 256, 86_400_000);
    List<String> replay = null;
    for (int b = 0; b < 12; b++) {
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int latency = i < edges.size() && b == 0 ? edges.get(i) : (int) (20 + -Math.log(1 - random.nextDouble()) * 900);
        Integer ttft = random.nextBoolean() ? random.nextInt(latency + 1) : null;
        Instant ts = NOW.minus(Duration.ofHours(random.nextInt(96))).minusSeconds(random.nextInt(3600));
        int status = random.nextInt(10) == 0 ? 500 : 200;
        events.add(timedEvent(ts, List.of("gpt-4o", "gpt-4o-mini").get(random.nextInt(2)), status, latency, ttft));
      }
      var response = data.post("/v1/usage/events", tokens.get(b % 2), batch(events.toArray(String[]::new)));
      assertThat(json(response).get("accepted").asInt()).as(response.body()).isEqualTo(40);
      if (b == 3) {
        replay = events;
      }
    }
    var again = data.post("/v1/usage/events", tokens.get(1), batch(replay.toArray(String[]::new)));
    assertThat(json(again).get("accepted").asInt()).isZero();

    // Each batch appended a row per key it touched; the compaction sums each key's rows into one.
    long appended = data.count("SELECT count(*) FROM latency_daily");
    long keys = data.count("SELECT count(DISTINCT (day, team_id, client_id, model, source, is_error)) FROM latency_daily");
    assertThat(appended).isGreaterThan(keys);
    assertThat(data.count("SELECT sum(requests)::bigint FROM latency_daily")).isEqualTo(12 * 40);
    long severalRows = data.count("SELECT count(*) FROM (SELECT 1 FROM latency_daily "
        + "GROUP BY day, team_id, client_id, model, source, is_error HAVING count(*) > 1) AS several");
    LatencyCompaction compaction = new LatencyCompaction(data.jdbi, ClockedApp.CLOCK);
    assertThat(compaction.runOnce()).isEqualTo(severalRows);
    assertThat(compaction.runOnce()).isZero();
    List<Map<String, Object>> kept = rows();
    assertThat(kept).hasSize((int) keys);
    assertThat(data.count("SELECT sum(requests)::bigint FROM latency_daily")).isEqualTo(12 * 40);
    data.jdbi.useHandle(h -> {
      h.execute("DELETE FROM latency_daily");
      h.execute("SELECT tollgate_latency_daily_backfill()");
    });
    assertThat(rows()).isEqualTo(kept);
  }

  @Test
  void theSqlBucketsAreTheJavaOnes() {
    List<Integer> values = dev.tollgate.collector.common.LatencyHistogramTest.latencies(70_000);
    List<Integer> sql = data.jdbi.withHandle(h -> h.createQuery(
            "SELECT tollgate_latency_bucket(v) FROM unnest(CAST(:values AS integer[])) WITH ORDINALITY AS x(v, i) ORDER BY i")
        .bindArray("values", Integer.class, values).mapTo(Integer.class).list());
    assertThat(sql).isEqualTo(values.stream().map(LatencyHistogram::bucket).toList());
  }

  private static List<Map<String, Object>> rows() {
    return data.jdbi.withHandle(h -> h.createQuery("SELECT day::text, team_id::text, client_id::text, model, source, "
            + "is_error, requests::text, latency_sum::text, encode(latency_histogram, 'hex') AS latency, "
            + "encode(ttft_histogram, 'hex') AS ttft FROM latency_daily ORDER BY 1, 2, 3, 4, 5, 6")
        .mapToMap().list());
  }
}
