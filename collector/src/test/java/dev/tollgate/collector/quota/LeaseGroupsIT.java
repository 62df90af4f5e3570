package dev.tollgate.collector.quota;

import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Leases granted in groups ({@link LeaseGroups}): every team counts as busy here, so every
 * lease on a hard quota goes through a group, and concurrent requests of distinct clients share
 * one. Checks that a group grants what a lease alone would (renewals settle what they replace,
 * one lease per (endpoint, model), the client's share) and refuses a request on its own.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LeaseGroupsIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(ClockedApp.class,
      TestDatabases.create(), c -> {
        c.setQuotaInstanceLeases(true);
        c.setQuotaInstanceLeaseBusyPerSecond(0);
        c.setQuotaLeaseGroups(true);
        // Instance leases large enough that refills (done alone) are rare.
        c.setQuotaInstanceLeaseFractionOfLimit(new BigDecimal("0.5"));
        c.setQuotaLeaseMaxFractionOfLimit(new BigDecimal("0.001"));
      });
  static final int CLIENTS = 16;
  static final int RENEWALS = 10;
  static IngestTestData data;

  @BeforeAll
  static void setUp() {
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.price("group-model*", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
  }

  @BeforeEach
  void resetClock() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
  }

  @Test
  void concurrentLeasesOfDistinctClientsShareGroupsAndRenewalsSettleWhatTheyReplace() throws Exception {
    IngestTestData.ClientCreds first = data.activeClient("Grouped", "0");
    UUID quotaId = data.quota(data.subscriptionOf(first.teamId()), "cost", "month", "1000", "hard");
    List<IngestTestData.ClientCreds> clients = new ArrayList<>(List.of(first));
    while (clients.size() < CLIENTS) {
      clients.add(data.client(first.teamId(), "active"));
    }
    long groupsBefore = gauge(QuotaFeature.LEASE_GROUPS);
    long groupedBefore = gauge(QuotaFeature.LEASES_GROUPED);

    List<List<String>> leaseIds = run(clients.stream().<Callable<List<String>>>map(c -> () -> {
      String token = data.token(c);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < RENEWALS; i++) {
        String replaces = ids.isEmpty() ? ""
            : ",\"replaces\":{\"lease_id\":\"" + ids.get(ids.size() - 1) + "\",\"used\":{\"cost\":\"0\"}}";
        // A new model each time: only the renewal's naming of its previous lease settles that lease.
        HttpResponse<String> r = data.post("/v1/quota/lease", token,
            "{\"model\":\"group-model-" + i + "\",\"estimate\":{\"tokens\":100}" + replaces + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode grant = json(r).get("grants").get(0);
        assertThat(grant.get("quota_id").asText()).isEqualTo(quotaId.toString());
        assertThat(new BigDecimal(grant.get("amount").asText())).isGreaterThanOrEqualTo(new BigDecimal("0.0001"));
        ids.add(json(r).get("lease_id").asText());
      }
      return ids;
    }).toList());

    long granted = gauge(QuotaFeature.LEASES_GROUPED) - groupedBefore;
    long groups = gauge(QuotaFeature.LEASE_GROUPS) - groupsBefore;
    // Nearly all were granted by groups (a refill is done alone), and groups held several leases.
    assertThat(granted).isGreaterThan(CLIENTS * RENEWALS * 8L / 10);
    assertThat(groups).isLessThan(granted);
    // Each renewal settled the lease it replaced: one open lease per client is left, its last.
    for (List<String> ids : leaseIds) {
      assertThat(data.decimal("SELECT count(*) FROM quota_leases WHERE id = CAST(? AS uuid) AND settled_at IS NULL",
          ids.get(ids.size() - 1))).isEqualByComparingTo("1");
    }
    assertThat(data.decimal("SELECT count(*) FROM quota_leases l JOIN clients c ON c.id = l.client_id "
        + "WHERE c.team_id = ? AND l.settled_at IS NULL", first.teamId())).isEqualByComparingTo(
        Integer.toString(CLIENTS));
    assertThat(data.decimal("SELECT count(*) FROM quota_lease_grants WHERE quota_id = ? AND instance_lease_id IS NULL",
        quotaId)).isZero();
    assertThat(data.decimal("SELECT count(*) FROM quota_lease_grants WHERE quota_id = ?", quotaId))
        .isEqualByComparingTo(Integer.toString(CLIENTS * RENEWALS));
  }

  @Test
  void aRefusedRequestIsAnsweredOnItsOwnWhileItsGroupIsGranted() throws Exception {
    IngestTestData.ClientCreds first = data.activeClient("Refused in a group", "0");
    data.quota(data.subscriptionOf(first.teamId()), "cost", "month", "1000", "hard");
    List<IngestTestData.ClientCreds> clients = new ArrayList<>(List.of(first));
    while (clients.size() < 8) {
      clients.add(data.client(first.teamId(), "active"));
    }
    List<String> tokens = clients.stream().map(data::token).toList();
    IngestTestData.ClientCreds disabled = clients.get(3);
    data.jdbi.useHandle(h -> h.createUpdate("UPDATE clients SET status = 'disabled' WHERE id = :id")
        .bind("id", disabled.id()).execute());

    List<List<Integer>> statuses = run(tokens.stream().<Callable<List<Integer>>>map(token -> () -> {
      List<Integer> codes = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = data.post("/v1/quota/lease", token, "{\"model\":\"group-model\"}");
        if (r.statusCode() == 402) {
          assertThat(json(r).get("reason").asText()).isEqualTo("client_disabled");
        }
        codes.add(r.statusCode());
      }
      return codes;
    }).toList());

    for (int i = 0; i < clients.size(); i++) {
      assertThat(statuses.get(i)).as("client %d", i).containsOnly(i == 3 ? 402 : 200);
    }
    assertThat(data.decimal("SELECT count(*) FROM quota_leases WHERE client_id = ?", disabled.id())).isZero();
    // Asking again without naming the previous lease settles it: one open lease per (endpoint, model).
    assertThat(data.decimal("SELECT count(*) FROM quota_leases l JOIN clients c ON c.id = l.client_id "
        + "WHERE c.team_id = ? AND l.settled_at IS NULL", first.teamId())).isEqualByComparingTo("7");
  }

  @Test
  void aClientAskingInALoopOverManyModelsHoldsNoMoreThanItsShare() {
    IngestTestData.ClientCreds client = data.activeClient("Hoarder in groups", "0");
    data.quota(data.subscriptionOf(client.teamId()), "cost", "month", "1", "hard");
    String token = data.token(client);
    for (int i = 0; i < 40; i++) {
      // Each asks for 2 % of the limit; the client's share is 25 %.
      HttpResponse<String> r = data.post("/v1/quota/lease", token,
          "{\"model\":\"group-model-" + i + "\",\"estimate\":{\"cost\":\"0.02\"}}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    BigDecimal held = data.decimal("SELECT COALESCE(sum(g.amount - g.used), 0) FROM quota_lease_grants g "
        + "JOIN quota_leases l ON l.id = g.lease_id WHERE l.client_id = ? AND l.settled_at IS NULL AND NOT g.released",
        client.id());
    assertThat(held).isGreaterThan(BigDecimal.ZERO).isLessThanOrEqualTo(new BigDecimal("0.25"));
    assertThat(data.decimal("SELECT count(*) FROM quota_leases WHERE client_id = ? AND settled_at IS NOT NULL",
        client.id())).isGreaterThan(BigDecimal.ZERO);
  }

  @Test
  void aGroupSettlesALeaseOnlyAsItsOwnClientSaysEvenWhenAnotherClientNamesIt() {
    IngestTestData.ClientCreds owner = data.activeClient("Settle owner", "0");
    data.quota(data.subscriptionOf(owner.teamId()), "cost", "month", "1000", "hard");
    IngestTestData.ClientCreds intruder = data.client(owner.teamId(), "active");
    HttpResponse<String> r = data.post("/v1/quota/lease", data.token(owner),
        "{\"model\":\"group-model\",\"estimate\":{\"cost\":\"0.5\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    UUID leaseId = UUID.fromString(json(r).get("lease_id").asText());
    BigDecimal granted = new BigDecimal(json(r).get("grants").get(0).get("amount").asText());

    // As a group's settle of replaced leases sees two renewals naming the same lease: the owner says all of
    // it was used (so it stays reserved until events arrive), the other client says nothing (all would return).
    LeaseRequest.Estimate usedAll = new LeaseRequest.Estimate(granted, null, null);
    java.util.Set<UUID> found = data.jdbi.inTransaction(h -> SettleService.settle(h, List.of(
        new SettleService.Settling(owner.teamId(), owner.id(), leaseId, usedAll),
        new SettleService.Settling(intruder.teamId(), intruder.id(), leaseId, null)), ClockedApp.CLOCK.instant()));

    assertThat(found).containsExactly(leaseId);
    assertThat(data.decimal("SELECT count(*) FROM quota_lease_grants WHERE lease_id = ? AND NOT released AND amount = ?",
        leaseId, granted)).isEqualByComparingTo("1");
  }

  @Test
  void aTeamWithASoftQuotaIsLeasedAloneWithoutADetourThroughGroupsOnceItsPlanIsKnown() {
    IngestTestData.ClientCreds client = data.activeClient("Soft in groups", "0");
    UUID sub = data.subscriptionOf(client.teamId());
    data.quota(sub, "cost", "month", "1000", "hard");
    data.quota(sub, "tokens", "month", "1000000", "soft");
    String token = data.token(client);
    long groupsBefore = gauge(QuotaFeature.LEASE_GROUPS);
    long groupedBefore = gauge(QuotaFeature.LEASES_GROUPED);

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = data.post("/v1/quota/lease", token, "{\"model\":\"group-model\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(json(r).get("grants")).hasSize(2);
    }

    // At most the first went to a group (the plan was not cached yet), which left it to be leased alone.
    assertThat(gauge(QuotaFeature.LEASE_GROUPS) - groupsBefore).isLessThanOrEqualTo(1);
    assertThat(gauge(QuotaFeature.LEASES_GROUPED)).isEqualTo(groupedBefore);
  }

  private static long gauge(String name) {
    Gauge<?> gauge = APP.getEnvironment().metrics().getGauges().get(name);
    assertThat(gauge).as(name).isNotNull();
    return ((Number) gauge.getValue()).longValue();
  }

  private static <T> List<T> run(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<T>> futures = pool.invokeAll(tasks, 2, TimeUnit.MINUTES);
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
