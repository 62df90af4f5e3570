package dev.tollgate.collector.quota;

import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.DropwizardTestSupport;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two-level leases: two collector instances on one PostgreSQL, each granting client leases
 * from its own instance lease on every hard quota (busy from the first request), behind
 * round-robin routing: leases, renewals, settles and usage events alternate between them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class InstanceLeasesIT {

  static final TestDatabases.TestDatabase DB = TestDatabases.create();
  /** Small grants (at most 1% of the limit) and instance leases (at most 5%), so that both turn over often. */
  static final Consumer<TollgateConfiguration> POOLED = c -> {
    c.setQuotaLeaseMaxFractionOfLimit(new BigDecimal("0.01"));
    c.setQuotaInstanceLeases(true);
    c.setQuotaInstanceLeaseBusyPerSecond(0);
    c.setQuotaLeaseGroups(true);
    c.setQuotaInstanceLeaseFractionOfLimit(new BigDecimal("0.05"));
  };
  static final DropwizardAppExtension<TollgateConfiguration> ONE = TestApps.app(ClockedApp.class, DB, POOLED);
  static final DropwizardAppExtension<TollgateConfiguration> TWO = TestApps.app(ClockedApp.class, DB, POOLED);

  static final int THREADS = 32;
  static final BigDecimal LIMIT = new BigDecimal("0.5");
  /** 1000 prompt tokens at 1.00 per 1M. */
  static final BigDecimal EVENT_COST = new BigDecimal("0.001");

  @Test
  void roundRobinLeasesFromInstanceLeasesNeverOvershootBeyondTheLeaseBoundAndCountEveryEventOnce() throws Exception {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    IngestTestData[] nodes = {new IngestTestData(ONE.getConfiguration(), ONE.getLocalPort()),
        new IngestTestData(TWO.getConfiguration(), TWO.getLocalPort())};
    IngestTestData data = nodes[0];
    defaultProviderKey(data);
    data.price("bench-model*", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
    IngestTestData.ClientCreds client = data.activeClient("Round robin", "0");
    UUID quotaId = data.quota(data.subscriptionOf(client.teamId()), "cost", "month", LIMIT.toPlainString(), "hard");
    String token = data.token(client);
    AtomicInteger next = new AtomicInteger();

    AtomicLong sent = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong leases = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String model = "bench-model-" + (t % 8);
      futures.add(pool.submit(() -> {
        String previous = null;
        BigDecimal previousUsed = BigDecimal.ZERO;
        while (true) {
          // Renewal as the SDK does it: the new lease names the one it replaces and what was used of it.
          String replaces = previous == null ? ""
              : ",\"replaces\":{\"lease_id\":\"" + previous + "\",\"used\":{\"cost\":\"" + previousUsed + "\"}}";
          HttpResponse<String> lease = nodes[next.getAndIncrement() % 2].post("/v1/quota/lease", token,
              "{\"model\":\"" + model + "\"" + replaces + "}");
          if (lease.statusCode() == 402) {
            return null;
          }
          assertThat(lease.statusCode()).as(lease.body()).isEqualTo(200);
          leases.incrementAndGet();
          JsonNode body = json(lease);
          BigDecimal grant = new BigDecimal(body.get("grants").get(0).get("amount").asText());
          String leaseId = body.get("lease_id").asText();
          BigDecimal used = BigDecimal.ZERO;
          List<String> batch = new ArrayList<>();
          // Admit calls while the grant is not used up, as the SDK does; ship them in small batches.
          while (used.compareTo(grant) < 0) {
            used = used.add(EVENT_COST);
            batch.add(event(leaseId, model));
            if (batch.size() == 5 || used.compareTo(grant) >= 0) {
              HttpResponse<String> r = nodes[next.getAndIncrement() % 2].post("/v1/usage/events", token,
                  IngestTestData.batch(batch.toArray(String[]::new)));
              assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
              sent.addAndGet(batch.size());
              accepted.addAndGet(json(r).get("accepted").asLong());
              batch.clear();
            }
          }
          if (leases.get() % 7 == 0) {
            // Now and then settled on its own, on whichever instance routing picks.
            HttpResponse<String> settled = nodes[next.getAndIncrement() % 2].post(
                "/v1/quota/lease/" + leaseId + "/settle", token, "{\"used\":{\"cost\":\"" + used + "\"}}");
            assertThat(settled.statusCode()).as(settled.body()).isEqualTo(204);
            previous = null;
          } else {
            previous = leaseId;
            previousUsed = used;
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
    // What instance leases hold is kept from clients of the other instance at most: a refused
    // thread may leave up to one instance lease (5 % of the limit) per instance unused.
    assertThat(charged).isGreaterThanOrEqualTo(LIMIT.multiply(new BigDecimal("0.9")));
    assertThat(leases.get()).isGreaterThan(2 * THREADS);
    // Both instances cut grants from instance leases, more than one each.
    assertThat(data.decimal("SELECT count(DISTINCT instance) FROM quota_instance_leases WHERE quota_id = ?", quotaId))
        .isEqualByComparingTo("2");
    assertThat(data.decimal("SELECT count(*) FROM quota_instance_leases WHERE quota_id = ?", quotaId))
        .isGreaterThan(new BigDecimal(4));
    assertThat(data.decimal("SELECT count(*) FROM quota_lease_grants WHERE quota_id = ? AND instance_lease_id IS NOT NULL",
        quotaId)).isGreaterThan(new BigDecimal(leases.get() / 2));
    // Both instances granted leases in groups (every team is busy here), so the bounds above hold for them.
    for (DropwizardAppExtension<TollgateConfiguration> app : List.of(ONE, TWO)) {
      assertThat(((Number) app.getEnvironment().metrics().getGauges().get(QuotaFeature.LEASES_GROUPED).getValue())
          .longValue()).isGreaterThan(leases.get() / 8);
    }

    // Once every instance lease has expired, nothing is reserved any more, on either instance.
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW.plusSeconds(31));
    for (IngestTestData node : nodes) {
      node.post("/v1/quota/lease", token, "{\"model\":\"bench-model-0\"}");
    }
    for (IngestTestData node : nodes) {
      JsonNode quota = json(node.get("/v1/quota", token)).get("quotas").get(0);
      assertThat(quota.get("quota_id").asText()).isEqualTo(quotaId.toString());
      assertThat(new BigDecimal(quota.get("used").asText())).isEqualByComparingTo(charged);
    }
    assertThat(data.decimal("SELECT used FROM quota_counters WHERE quota_id = ?", quotaId)).isEqualByComparingTo(charged);
    BigDecimal openGrants = data.decimal("SELECT COALESCE(sum(g.amount - g.used), 0) FROM quota_lease_grants g "
        + "JOIN quota_leases l ON l.id = g.lease_id WHERE g.quota_id = ? AND NOT g.released "
        + "AND g.instance_lease_id IS NULL AND l.expires_at > ?", quotaId, ClockedApp.CLOCK.instant());
    assertThat(data.decimal("SELECT reserved FROM quota_counters WHERE quota_id = ?", quotaId))
        .isEqualByComparingTo(openGrants.add(data.decimal(
            "SELECT COALESCE(sum(amount), 0) FROM quota_instance_leases WHERE quota_id = ? AND NOT released", quotaId)));
    assertThat(data.decimal("SELECT count(*) FROM quota_instance_leases WHERE quota_id = ? AND NOT released "
        + "AND expires_at <= ?", quotaId, ClockedApp.CLOCK.instant())).isZero();
    assertThat(data.decimal("SELECT sum(cost) FROM usage_daily")).isEqualByComparingTo(charged);
  }

  @Test
  void anInstanceThatDiesReturnsItsReservationWhenItsInstanceLeaseExpires() throws Exception {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    IngestTestData data = new IngestTestData(ONE.getConfiguration(), ONE.getLocalPort());
    defaultProviderKey(data);
    data.price("dies-model*", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
    IngestTestData.ClientCreds client = data.activeClient("Dying instance", "0");
    UUID quotaId = data.quota(data.subscriptionOf(client.teamId()), "cost", "month", "1", "hard");
    String token = data.token(client);

    // A third instance whose instance leases take all that may be reserved at once.
    DropwizardTestSupport<TollgateConfiguration> dying = new DropwizardTestSupport<>(ClockedApp.class,
        TestApps.config(DB, c -> {
          POOLED.accept(c);
          c.setQuotaInstanceLeaseFractionOfLimit(BigDecimal.ONE);
          c.setQuotaLeaseMaxFractionOfRemaining(BigDecimal.ONE);
        }));
    dying.before();
    IngestTestData third = new IngestTestData(dying.getConfiguration(), dying.getLocalPort());
    HttpResponse<String> lease = third.post("/v1/quota/lease", token, "{\"model\":\"dies-model\"}");
    assertThat(lease.statusCode()).as(lease.body()).isEqualTo(200);
    // It dies: whatever it held in memory is gone, its instance lease stays reserved in PostgreSQL.
    dying.after();
    assertThat(data.decimal("SELECT sum(amount) FROM quota_instance_leases WHERE quota_id = ?", quotaId))
        .isEqualByComparingTo("1");

    String estimate = "{\"model\":\"dies-model\",\"estimate\":{\"cost\":\"0.5\"}}";
    HttpResponse<String> refused = data.post("/v1/quota/lease", token, estimate);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(402);
    assertThat(new BigDecimal(json(data.get("/v1/quota", token)).get("quotas").get(0).get("reserved").asText()))
        .isEqualByComparingTo("1");

    // The client lease it granted expires after 10 s, its instance lease after 30 s: then all returns.
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW.plusSeconds(20));
    assertThat(data.post("/v1/quota/lease", token, estimate).statusCode()).isEqualTo(402);
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW.plusSeconds(30));
    assertThat(new BigDecimal(json(data.get("/v1/quota", token)).get("quotas").get(0).get("reserved").asText()))
        .isEqualByComparingTo("0");
    HttpResponse<String> granted = data.post("/v1/quota/lease", token, estimate);
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    assertThat(data.decimal("SELECT count(*) FROM quota_instance_leases WHERE quota_id = ? AND released", quotaId))
        .isEqualByComparingTo("1");
  }

  static synchronized void defaultProviderKey(IngestTestData data) {
    if (data.count("SELECT count(*) FROM provider_keys") == 0) {
      data.providerKey("default", "sk-test-default-key-1234", true);
    }
  }

  /** A call of 1000 prompt tokens under {@code leaseId}, as an event. */
  static String event(String leaseId, String model) {
    Instant ts = ClockedApp.DEFAULT_NOW.minusSeconds(1);
    return "{\"id\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"" + ts + "\",\"endpoint\":\"/v1/chat/completions\","
        + "\"model\":\"" + model + "\",\"status_code\":200,\"latency_ms\":100,\"lease_id\":\"" + leaseId + "\","
        + "\"usage\":{\"prompt_tokens\":1000}}";
  }
}
