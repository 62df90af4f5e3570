package dev.tollgate.collector.quota;

import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two collector instances on one PostgreSQL, 32 threads leasing from one and ingesting
 * into the other against a hard cost quota. Nothing in memory may matter for correctness.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoInstancesConcurrencyIT {

  static final TestDatabases.TestDatabase DB = TestDatabases.create();
  /** Small leases (at most 1% of the limit: 5 calls), so that threads come back for more many times. */
  static final DropwizardAppExtension<TollgateConfiguration> ONE = TestApps.app(ClockedApp.class, DB,
      c -> c.setQuotaLeaseMaxFractionOfLimit(new BigDecimal("0.01")));
  static final DropwizardAppExtension<TollgateConfiguration> TWO = TestApps.app(ClockedApp.class, DB,
      c -> c.setQuotaLeaseMaxFractionOfLimit(new BigDecimal("0.01")));

  static final int THREADS = 32;
  static final BigDecimal LIMIT = new BigDecimal("0.5");
  /** 1000 prompt tokens at 1.00 per 1M. */
  static final BigDecimal EVENT_COST = new BigDecimal("0.001");

  @Test
  void leasesAndIngestAcrossInstancesNeverOvershootBeyondTheLeaseBoundAndCountEveryEventOnce() throws Exception {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    IngestTestData[] nodes = {new IngestTestData(ONE.getConfiguration(), ONE.getLocalPort()),
        new IngestTestData(TWO.getConfiguration(), TWO.getLocalPort())};
    IngestTestData data = nodes[0];
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.price("bench-model*", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
    IngestTestData.ClientCreds client = data.activeClient("Concurrent", "0");
    UUID quotaId = data.quota(data.subscriptionOf(client.teamId()), "cost", "month", LIMIT.toPlainString(), "hard");
    String token = data.token(client);

    AtomicLong sent = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong leases = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      IngestTestData leaser = nodes[t % 2];
      IngestTestData ingester = nodes[(t + 1) % 2];
      futures.add(pool.submit(() -> {
        while (true) {
          HttpResponse<String> lease = leaser.post("/v1/quota/lease", token, "{\"model\":\"bench-model\"}");
          if (lease.statusCode() == 402) {
            return null;
          }
          assertThat(lease.statusCode()).as(lease.body()).isEqualTo(200);
          leases.incrementAndGet();
          JsonNode body = json(lease);
          BigDecimal grant = new BigDecimal(body.get("grants").get(0).get("amount").asText());
          String leaseId = body.get("lease_id").asText();
          // Admit calls while the grant is not used up, as the SDK does; ship them in small batches.
          BigDecimal used = BigDecimal.ZERO;
          List<String> batch = new ArrayList<>();
          while (used.compareTo(grant) < 0) {
            used = used.add(EVENT_COST);
            batch.add(event(leaseId));
            if (batch.size() == 5 || used.compareTo(grant) >= 0) {
              HttpResponse<String> r = ingester.post("/v1/usage/events", token, IngestTestData.batch(batch.toArray(String[]::new)));
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              sent.addAndGet(batch.size());
              accepted.addAndGet(json(r).get("accepted").asLong());
              batch.clear();
            }
          }
        }
      }));
    }
    for (Future<?> f : futures) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();

    BigDecimal charged = data.decimal("SELECT COALESCE(sum(total_cost), 0) FROM usage_events");
    assertThat(accepted.get()).isEqualTo(sent.get());
    assertThat(data.count("SELECT count(*) FROM usage_events")).isEqualTo(sent.get());
    assertThat(charged).isEqualByComparingTo(EVENT_COST.multiply(BigDecimal.valueOf(sent.get())));
    // Each thread holds at most one lease; each lease overshoots its grant by less than one call.
    assertThat(charged).isLessThanOrEqualTo(LIMIT.add(EVENT_COST.multiply(BigDecimal.valueOf(THREADS))));
    assertThat(charged).isGreaterThanOrEqualTo(LIMIT);
    assertThat(leases.get()).isGreaterThan(2 * THREADS);

    for (IngestTestData node : nodes) {
      JsonNode quota = json(node.get("/v1/quota", token)).get("quotas").get(0);
      assertThat(quota.get("quota_id").asText()).isEqualTo(quotaId.toString());
      assertThat(new BigDecimal(quota.get("used").asText())).isEqualByComparingTo(charged);
      assertThat(new BigDecimal(quota.get("reserved").asText())).isEqualByComparingTo("0");
    }
    assertThat(data.decimal("SELECT used FROM quota_counters WHERE quota_id = ?", quotaId)).isEqualByComparingTo(charged);
    assertThat(data.decimal("SELECT reserved FROM quota_counters WHERE quota_id = ?", quotaId)).isEqualByComparingTo("0");
    assertThat(data.decimal("SELECT sum(cost) FROM usage_daily")).isEqualByComparingTo(charged);
    assertThat(data.count("SELECT sum(requests) FROM usage_daily")).isEqualTo(sent.get());
  }

  private static String event(String leaseId) {
    Instant ts = ClockedApp.DEFAULT_NOW.minusSeconds(1);
    return "{\"id\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"" + ts + "\",\"endpoint\":\"/v1/chat/completions\","
        + "\"model\":\"bench-model\",\"status_code\":200,\"latency_ms\":100,\"lease_id\":\"" + leaseId + "\","
        + "\"usage\":{\"prompt_tokens\":1000}}";
  }
}
