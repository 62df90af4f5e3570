package dev.tollgate.collector.quota;

import static dev.tollgate.collector.quota.InstanceLeasesIT.defaultProviderKey;
import static dev.tollgate.collector.quota.InstanceLeasesIT.event;
import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.Duration;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Leases written behind ({@link LeaseWriter}): two instances answer leases before they write
 * their rows, each writer waiting {@link #WRITE_DELAY} before it writes, so that what arrives
 * meanwhile (an event, a renewal, a settle, on either instance) meets a lease that PostgreSQL does
 * not have yet. Each case checks that the end state is what it would have been had the rows been
 * written before the answer.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LeasesWrittenBehindIT {

  /** Long enough for the requests of each case to arrive before the rows are written, even on a busy machine. */
  static final long WRITE_DELAY = 1500;
  static final TestDatabases.TestDatabase DB = TestDatabases.create();
  static final Consumer<TollgateConfiguration> BEHIND = c -> {
    c.setQuotaInstanceLeases(true);
    c.setQuotaInstanceLeaseBusyPerSecond(0);
    c.setQuotaLeaseGroups(true);
    c.setQuotaLeasesWrittenBehind(true);
    c.setQuotaLeaseWriteDelay(Duration.milliseconds(WRITE_DELAY));
    c.setQuotaInstanceLeaseFractionOfLimit(new BigDecimal("0.5"));
  };
  static final DropwizardAppExtension<TollgateConfiguration> ONE = TestApps.app(ClockedApp.class, DB, BEHIND);
  static final DropwizardAppExtension<TollgateConfiguration> TWO = TestApps.app(ClockedApp.class, DB, BEHIND);
  static IngestTestData one;
  static IngestTestData two;

  @BeforeAll
  static void setUp() {
    one = new IngestTestData(ONE.getConfiguration(), ONE.getLocalPort());
    two = new IngestTestData(TWO.getConfiguration(), TWO.getLocalPort());
    defaultProviderKey(one);
    one.price("behind-model*", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
  }

  @BeforeEach
  void resetClock() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
  }

  @Test
  void anEventThatArrivesBeforeItsLeaseIsWrittenIsChargedToTheLeaseOnceItIs() {
    IngestTestData.ClientCreds client = one.activeClient("Event first", "0");
    UUID quotaId = one.quota(one.subscriptionOf(client.teamId()), "cost", "month", "10", "hard");
    String token = one.token(client);
    warmUp(token, one);

    String leaseId = leaseOn(one, token, "{\"model\":\"behind-model\",\"estimate\":{\"cost\":\"0.01\"}}");
    assertThat(one.count("SELECT count(*) FROM quota_leases WHERE id = '" + leaseId + "'"))
        .as("answered before it is written").isZero();
    BigDecimal reservedBefore = one.decimal("SELECT reserved FROM quota_counters WHERE quota_id = ?", quotaId);
    HttpResponse<String> r = two.post("/v1/usage/events", token,
        IngestTestData.batch(event(leaseId, "behind-model")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // Counted at once, and kept for the lease's writer.
    assertThat(one.decimal("SELECT used FROM quota_counters WHERE quota_id = ?", quotaId))
        .isEqualByComparingTo("0.001");
    assertThat(one.decimal("SELECT COALESCE(sum(amount), 0) FROM quota_unwritten_uses WHERE lease_id = CAST(? AS uuid)",
        leaseId)).isEqualByComparingTo("0.001");

    LeaseWrites.awaitWritten(ONE);

    // As if the event had come after the lease: charged to its grant, which the instance lease and the
    // counter hold no more (without this, the call would stay reserved as well as used until the lease ends).
    assertThat(one.decimal("SELECT used FROM quota_lease_grants WHERE lease_id = CAST(? AS uuid)", leaseId))
        .isEqualByComparingTo("0.001");
    assertThat(one.decimal("SELECT used FROM quota_counters WHERE quota_id = ?", quotaId))
        .isEqualByComparingTo("0.001");
    assertThat(one.decimal("SELECT reserved FROM quota_counters WHERE quota_id = ?", quotaId))
        .isEqualByComparingTo(reservedBefore.subtract(new BigDecimal("0.001")))
        .isEqualByComparingTo(one.decimal(
            "SELECT sum(amount) FROM quota_instance_leases WHERE quota_id = ? AND NOT released", quotaId));
    assertThat(one.count("SELECT count(*) FROM quota_unwritten_uses WHERE lease_id = '" + leaseId + "'")).isZero();
  }

  @Test
  void aRenewalOnTheOtherInstanceSettlesTheLeaseItReplacesOnceThatIsWritten() {
    IngestTestData.ClientCreds client = one.activeClient("Renewal first", "0");
    UUID quotaId = one.quota(one.subscriptionOf(client.teamId()), "cost", "month", "10", "hard");
    String token = one.token(client);
    warmUp(token, one, two);

    String first = leaseOn(one, token, "{\"model\":\"behind-model\",\"estimate\":{\"cost\":\"0.01\"}}");
    String second = leaseOn(two, token, "{\"model\":\"behind-model\",\"estimate\":{\"cost\":\"0.01\"},"
        + "\"replaces\":{\"lease_id\":\"" + first + "\",\"used\":{\"cost\":\"0\"}}}");
    assertThat(one.count("SELECT count(*) FROM quota_leases WHERE id = '" + first + "'"))
        .as("the renewal came before the lease it replaces was written").isZero();

    LeaseWrites.awaitWritten(ONE);
    LeaseWrites.awaitWritten(TWO);
    eventually(() -> one.count("SELECT count(*) FROM quota_leases WHERE id = '" + first
        + "' AND settled_at IS NOT NULL") == 1);

    // Settled with nothing used: its whole grant returned to its instance lease; the renewal is the open lease.
    assertThat(one.decimal("SELECT amount FROM quota_lease_grants WHERE lease_id = CAST(? AS uuid)", first)).isZero();
    assertThat(one.count("SELECT count(*) FROM quota_leases WHERE client_id = '" + client.id()
        + "' AND model = 'behind-model' AND settled_at IS NULL")).isEqualTo(1);
    assertThat(one.count("SELECT count(*) FROM quota_leases WHERE id = '" + second + "' AND settled_at IS NULL"))
        .isEqualTo(1);
    assertThat(one.count("SELECT count(*) FROM quota_lease_grants WHERE quota_id = '" + quotaId
        + "' AND instance_lease_id IS NULL")).isZero();
  }

  @Test
  void aSettleOnTheOtherInstanceOfALeaseNotWrittenYetIsAcceptedAndTakesEffect() {
    IngestTestData.ClientCreds client = one.activeClient("Settle first", "0");
    one.quota(one.subscriptionOf(client.teamId()), "cost", "month", "10", "hard");
    String token = one.token(client);
    IngestTestData.ClientCreds other = one.client(client.teamId(), "active");
    warmUp(token, one, two);

    String leaseId = leaseOn(one, token, "{\"model\":\"behind-model\",\"estimate\":{\"cost\":\"0.01\"}}");
    HttpResponse<String> settled = two.post("/v1/quota/lease/" + leaseId + "/settle", token, "{}");
    assertThat(settled.statusCode()).as(settled.body()).isEqualTo(204);

    LeaseWrites.awaitWritten(ONE);
    eventually(() -> one.count("SELECT count(*) FROM quota_leases WHERE id = '" + leaseId
        + "' AND settled_at IS NOT NULL") == 1);
    assertThat(one.decimal("SELECT amount FROM quota_lease_grants WHERE lease_id = CAST(? AS uuid)", leaseId)).isZero();

    // What still gets a 404: an id no lease could have (not made by a collector), and another client's lease.
    assertThat(two.post("/v1/quota/lease/" + UUID.randomUUID() + "/settle", token, "{}").statusCode()).isEqualTo(404);
    String mine = leaseOn(two, token, "{\"model\":\"behind-model-2\"}");
    LeaseWrites.awaitWritten(TWO);
    HttpResponse<String> intruder = one.post("/v1/quota/lease/" + mine + "/settle", one.token(other), "{}");
    assertThat(intruder.statusCode()).as(intruder.body()).isEqualTo(404);
    assertThat(one.count("SELECT count(*) FROM quota_leases WHERE id = '" + mine + "' AND settled_at IS NULL"))
        .isEqualTo(1);
  }

  @Test
  void oneInstanceKeepsOneLeasePerEndpointAndModelAndTheClientShareBeforeItsRowsAreWritten() {
    IngestTestData.ClientCreds client = one.activeClient("Hoarder behind", "0");
    one.quota(one.subscriptionOf(client.teamId()), "cost", "month", "1", "hard");
    String token = one.token(client);
    warmUp(token, one);

    // Asking twice for one (endpoint, model), the second time before the first is written: the first is settled.
    String first = leaseOn(one, token, "{\"model\":\"behind-model\",\"estimate\":{\"cost\":\"0.01\"}}");
    String second = leaseOn(one, token, "{\"model\":\"behind-model\",\"estimate\":{\"cost\":\"0.01\"}}");
    assertThat(one.count("SELECT count(*) FROM quota_leases WHERE id = '" + first + "'"))
        .as("asked again before the first was written").isZero();
    LeaseWrites.awaitWritten(ONE);
    assertThat(one.count("SELECT count(*) FROM quota_leases WHERE id = '" + first + "' AND settled_at IS NOT NULL"))
        .isEqualTo(1);
    assertThat(one.count("SELECT count(*) FROM quota_leases WHERE id = '" + second + "' AND settled_at IS NULL"))
        .isEqualTo(1);

    // Over 40 models, 2 % of the limit each, most of them before any is written: the share (25 %) holds.
    for (int i = 0; i < 40; i++) {
      leaseOn(one, token, "{\"model\":\"behind-model-" + i + "\",\"estimate\":{\"cost\":\"0.02\"}}");
    }
    LeaseWrites.awaitWritten(ONE);
    BigDecimal held = one.decimal("SELECT COALESCE(sum(g.amount - g.used), 0) FROM quota_lease_grants g "
        + "JOIN quota_leases l ON l.id = g.lease_id WHERE l.client_id = ? AND l.settled_at IS NULL AND NOT g.released",
        client.id());
    assertThat(held).isGreaterThan(BigDecimal.ZERO).isLessThanOrEqualTo(new BigDecimal("0.25"));
    assertThat(one.count("SELECT count(*) FROM quota_leases WHERE client_id = '" + client.id() + "'")).isEqualTo(43);
  }

  /**
   * A first lease on each node, on a model of its own: an instance's first lease on a quota
   * reserves its instance lease and is granted alone, written before it is answered.
   */
  private static void warmUp(String token, IngestTestData... nodes) {
    for (IngestTestData node : nodes) {
      leaseOn(node, token, "{\"model\":\"warm-up\"}");
    }
  }

  private static String leaseOn(IngestTestData node, String token, String body) {
    HttpResponse<String> r = node.post("/v1/quota/lease", token, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r).get("lease_id").asText();
  }

  private static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("not within 10 s").isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
