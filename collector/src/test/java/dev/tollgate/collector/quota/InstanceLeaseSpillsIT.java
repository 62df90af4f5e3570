package dev.tollgate.collector.quota;

import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What calls use beyond grants cut from an instance lease (docs/architecture.md, "Quota leases"). */
@ExtendWith(DropwizardExtensionsSupport.class)
class InstanceLeaseSpillsIT {

  static final TestDatabases.TestDatabase DB = TestDatabases.create();
  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(ClockedApp.class, DB,
      InstanceLeasesIT.POOLED);
  /** A second instance whose instance leases take all that may be reserved at once. */
  static final DropwizardAppExtension<TollgateConfiguration> WHOLE = TestApps.app(ClockedApp.class, DB, c -> {
    InstanceLeasesIT.POOLED.accept(c);
    c.setQuotaInstanceLeaseFractionOfLimit(BigDecimal.ONE);
    c.setQuotaLeaseMaxFractionOfRemaining(BigDecimal.ONE);
  });

  /** 1000 prompt tokens at 1.00 per 1M. */
  static final BigDecimal EVENT_COST = new BigDecimal("0.001");

  /**
   * Grants cut from an instance lease while their calls cost more: a lease asked without an
   * estimate is granted one millionth, its call costs a thousandth, and each call is reported only
   * after the next lease for the same model settled its lease (so no grant ever shows a use, and
   * the client's demand stays nil). What the calls used beyond
   * their grants comes out of the instance lease, so the instance stops cutting grants once the
   * quota is spent, as a counter would: the overshoot stays within the calls of the (at most two)
   * leases outstanding.
   */
  @Test
  void callsBeyondTheirGrantsComeOutOfTheInstanceLeaseSoTheQuotaStillStopsAtItsBound() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    IngestTestData data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    InstanceLeasesIT.defaultProviderKey(data);
    data.price("spill-model*", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
    IngestTestData.ClientCreds client = data.activeClient("Spilling", "0");
    BigDecimal limit = new BigDecimal("0.05");
    UUID quotaId = data.quota(data.subscriptionOf(client.teamId()), "cost", "month", limit.toPlainString(), "hard");
    String token = data.token(client);

    int calls = 0;
    String unreported = null;
    for (int round = 0; round < 300; round++) {
      HttpResponse<String> lease = data.post("/v1/quota/lease", token, "{\"model\":\"spill-model\"}");
      if (lease.statusCode() == 402) {
        break;
      }
      assertThat(lease.statusCode()).as(lease.body()).isEqualTo(200);
      String leaseId = json(lease).get("lease_id").asText();
      List<String> events = new ArrayList<>();
      if (unreported != null) {
        // The previous lease, settled by this one, reports its call only now.
        events.add(InstanceLeasesIT.event(unreported, "spill-model"));
      }
      unreported = leaseId;
      if (!events.isEmpty()) {
        String batch = IngestTestData.batch(events.toArray(String[]::new));
        HttpResponse<String> r = data.post("/v1/usage/events", token, batch);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        calls += events.size();
      }
    }
    if (unreported != null) {
      String last = IngestTestData.batch(InstanceLeasesIT.event(unreported, "spill-model"));
      assertThat(data.post("/v1/usage/events", token, last).statusCode()).isEqualTo(200);
      calls++;
    }

    BigDecimal charged = data.decimal("SELECT used FROM quota_counters WHERE quota_id = ?", quotaId);
    assertThat(charged).isEqualByComparingTo(EVENT_COST.multiply(BigDecimal.valueOf(calls)));
    assertThat(charged).isGreaterThanOrEqualTo(limit.subtract(EVENT_COST.multiply(BigDecimal.valueOf(2))));
    assertThat(charged).isLessThanOrEqualTo(limit.add(EVENT_COST.multiply(BigDecimal.valueOf(2))));
    assertThat(calls).isLessThan(300);
    assertThat(data.decimal("SELECT sum(spilled) FROM quota_instance_leases WHERE quota_id = ?", quotaId))
        .isGreaterThan(limit.divide(BigDecimal.valueOf(2)));
    // Each instance lease still holds what its open grants may take.
    assertThat(data.count("SELECT count(*) FROM quota_instance_leases i WHERE quota_id = '" + quotaId + "'"
        + " AND NOT released AND amount < (SELECT COALESCE(sum(g.amount - g.used), 0) FROM quota_lease_grants g"
        + " WHERE g.instance_lease_id = i.id AND NOT g.released)")).isZero();
    // The counter holds exactly what the open instance leases hold (every client grant here is cut from one).
    assertThat(data.decimal("SELECT reserved FROM quota_counters WHERE quota_id = ?", quotaId)).isEqualByComparingTo(
        data.decimal("SELECT COALESCE(sum(amount), 0) FROM quota_instance_leases WHERE quota_id = ? AND NOT released",
            quotaId));
  }

  /**
   * A grant cut from one instance's lease and settled unused on another: its return goes back to
   * the quota when the other instance refills, although the instance holding the lease never
   * refills again (its clients went away).
   */
  @Test
  void whatAGrantReturnsIsGivenBackByWhicheverInstanceRefillsNext() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    IngestTestData data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    IngestTestData whole = new IngestTestData(WHOLE.getConfiguration(), WHOLE.getLocalPort());
    InstanceLeasesIT.defaultProviderKey(data);
    data.price("reclaim-model*", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
    IngestTestData.ClientCreds client = data.activeClient("Reclaiming", "0");
    UUID quotaId = data.quota(data.subscriptionOf(client.teamId()), "cost", "month", "1", "hard");
    String token = data.token(client);

    // The second instance reserves the whole quota, and grants all of it to one lease.
    HttpResponse<String> lease = whole.post("/v1/quota/lease", token,
        "{\"model\":\"reclaim-model\",\"estimate\":{\"cost\":\"1\"}}");
    assertThat(lease.statusCode()).as(lease.body()).isEqualTo(200);
    assertThat(new BigDecimal(json(lease).get("grants").get(0).get("amount").asText())).isEqualByComparingTo("1");
    String estimate = "{\"model\":\"reclaim-model\",\"estimate\":{\"cost\":\"0.5\"}}";
    assertThat(data.post("/v1/quota/lease", token, estimate).statusCode()).isEqualTo(402);

    // Settled unused on the first instance: the grant returns to the second's instance lease.
    HttpResponse<String> settled = data.post("/v1/quota/lease/" + json(lease).get("lease_id").asText() + "/settle",
        token, "{\"used\":{\"cost\":\"0\"}}");
    assertThat(settled.statusCode()).as(settled.body()).isEqualTo(204);

    // The first instance's refill gives that return back to the quota and reserves from it.
    HttpResponse<String> granted = data.post("/v1/quota/lease", token, estimate);
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    // The second instance's lease counts it as given back, and holds nothing any more.
    assertThat(data.decimal("SELECT sum(returned) FROM quota_instance_leases WHERE quota_id = ?", quotaId))
        .isEqualByComparingTo("1");
    assertThat(data.decimal("SELECT amount FROM quota_instance_leases WHERE quota_id = ? AND returned > 0", quotaId))
        .isEqualByComparingTo("0");
    assertThat(data.decimal("SELECT reserved FROM quota_counters WHERE quota_id = ?", quotaId)).isEqualByComparingTo(
        data.decimal("SELECT COALESCE(sum(amount), 0) FROM quota_instance_leases WHERE quota_id = ? AND NOT released",
            quotaId));
  }
}
