package dev.tollgate.collector.quota;

import static dev.tollgate.collector.usage.IngestTestData.batch;
import static dev.tollgate.collector.usage.IngestTestData.event;
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
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class QuotaLeaseIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> { });
  static final Instant NOW = ClockedApp.DEFAULT_NOW;
  static IngestTestData data;

  @BeforeAll
  static void setUp() {
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.ratingExamplePriceBook();
  }

  @BeforeEach
  void resetClock() {
    ClockedApp.CLOCK.set(NOW);
  }

  /** A team whose product includes only chat completions, with the given quotas; returns its client's token. */
  private static Team team(String name) {
    UUID team = data.team(name, "active", null);
    UUID product = data.product(name + " product", "0", "chat.completions");
    UUID sub = data.subscription(team, product, Instant.parse("2026-01-01T00:00:00Z"), null, "active");
    IngestTestData.ClientCreds c = data.client(team, "active");
    return new Team(sub, c, data.token(c));
  }

  record Team(UUID subscription, IngestTestData.ClientCreds client, String token) {}

  private static JsonNode lease(Team t, String body, int status) {
    HttpResponse<String> r = data.post("/v1/quota/lease", t.token(), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return json(r);
  }

  private static JsonNode quota(Team t, UUID quotaId) {
    for (JsonNode q : json(data.get("/v1/quota", t.token())).get("quotas")) {
      if (q.get("quota_id").asText().equals(quotaId.toString())) {
        return q;
      }
    }
    throw new AssertionError("no quota " + quotaId);
  }

  @Test
  void grantsAreSizedByTheConfiguredFractionsAndReserved() {
    Team t = team("Sizing");
    UUID cost = data.quota(t.subscription(), "cost", "month", "100.00", "hard");
    UUID tokens = data.quota(t.subscription(), "tokens", "day", "100000", "hard");

    JsonNode lease = lease(t, "{\"model\":\"gpt-4o-mini\"}", 200);

    assertThat(lease.get("expires_at").asText()).isEqualTo("2026-11-27T12:00:10Z");
    assertThat(grant(lease, cost).get("amount").asText()).isEqualTo("5");
    assertThat(grant(lease, tokens).get("amount").asLong()).isEqualTo(5000);
    JsonNode state = quota(t, cost);
    assertThat(new BigDecimal(state.get("reserved").asText())).isEqualByComparingTo("5");
    assertThat(new BigDecimal(state.get("remaining").asText())).isEqualByComparingTo("95");
    assertThat(state.get("period_start").asText()).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(state.get("period_end").asText()).isEqualTo("2026-12-01T00:00:00Z");

    // The next lease gets a quarter of what remains at most, never more than 5% of the limit.
    JsonNode second = lease(t, "{\"estimate\":{\"cost\":\"7\"}}", 200);
    assertThat(new BigDecimal(grant(second, cost).get("amount").asText())).isEqualByComparingTo("7");
  }

  @Test
  void aLeaseBoundsWhatOneTokenOfTheModelCostsMarkupIncluded() {
    Team plain = team("Per-token plain");
    data.quota(plain.subscription(), "cost", "month", "100.00", "hard");
    UUID markedUpTeam = data.team("Per-token markup", "active", null);
    UUID product = data.product("Per-token markup product", "10", "chat.completions");
    data.subscription(markedUpTeam, product, Instant.parse("2026-01-01T00:00:00Z"), null, "active");
    Team markedUp = new Team(null, null, data.token(data.client(markedUpTeam, "active")));

    // gpt-4o-mini*: the completion rate 0.60 per 1M is the highest token rate.
    assertThat(new BigDecimal(lease(plain, "{\"model\":\"gpt-4o-mini-2024-07-18\"}", 200).get("cost_per_token").asText()))
        .isEqualByComparingTo("0.0000006");
    assertThat(new BigDecimal(lease(markedUp, "{\"model\":\"gpt-4o-mini\",\"endpoint\":\"/v1/chat/completions\"}", 200)
        .get("cost_per_token").asText())).isEqualByComparingTo("0.00000066");
    assertThat(lease(plain, "{\"model\":\"my-finetune-v1\"}", 200).get("cost_per_token").isNull()).isTrue();
    // Each kind of token on its own: prompt 0.15 per 1M (cached 0.075 is lower), completion 0.60.
    JsonNode split = lease(markedUp, "{\"model\":\"gpt-4o-mini\",\"endpoint\":\"/v1/chat/completions\"}", 200);
    assertThat(new BigDecimal(split.get("cost_per_prompt_token").asText())).isEqualByComparingTo("0.000000165");
    assertThat(new BigDecimal(split.get("cost_per_completion_token").asText())).isEqualByComparingTo("0.00000066");
  }

  @Test
  void eventsCarryingTheLeaseTurnItsReservationIntoUsageAndSettleReturnsTheRest() {
    Team t = team("Settling");
    UUID cost = data.quota(t.subscription(), "cost", "month", "1.00", "hard");
    JsonNode lease = lease(t, "{}", 200);
    assertThat(new BigDecimal(grant(lease, cost).get("amount").asText())).isEqualByComparingTo("0.05");
    String leaseId = lease.get("lease_id").asText();

    // o3-mini example: 0.00231
    String e = event(UUID.randomUUID(), NOW.minusSeconds(1), "o3-mini",
        "{\"prompt_tokens\":100,\"completion_tokens\":500,\"reasoning_tokens\":400}")
        .replace("\"latency_ms\":120", "\"latency_ms\":120,\"lease_id\":\"" + leaseId + "\"");
    assertThat(data.post("/v1/usage/events", t.token(), batch(e)).statusCode()).isEqualTo(200);

    JsonNode state = quota(t, cost);
    assertThat(new BigDecimal(state.get("used").asText())).isEqualByComparingTo("0.00231");
    assertThat(new BigDecimal(state.get("reserved").asText())).isEqualByComparingTo("0.04769");

    HttpResponse<String> settle = data.post("/v1/quota/lease/" + leaseId + "/settle", t.token(), "{\"used\":{\"cost\":\"0.003\"}}");
    assertThat(settle.statusCode()).as(settle.body()).isEqualTo(204);
    // 0.003 was used, 0.00231 reported so far: 0.00069 stays reserved for the event on its way.
    assertThat(new BigDecimal(quota(t, cost).get("reserved").asText())).isEqualByComparingTo("0.00069");
    assertThat(data.post("/v1/quota/lease/" + leaseId + "/settle", t.token(), "{}").statusCode()).isEqualTo(204);
    assertThat(data.post("/v1/quota/lease/" + UUID.randomUUID() + "/settle", t.token(), "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void expiredLeasesStopCountingWithoutAnyJob() {
    Team t = team("Expiry");
    UUID cost = data.quota(t.subscription(), "cost", "month", "1.00", "hard");
    lease(t, "{}", 200);
    assertThat(new BigDecimal(quota(t, cost).get("reserved").asText())).isEqualByComparingTo("0.05");

    ClockedApp.CLOCK.advance(Duration.ofSeconds(10));

    assertThat(new BigDecimal(quota(t, cost).get("reserved").asText())).isEqualByComparingTo("0");
    lease(t, "{}", 200);
    // The counter itself was released in the leasing transaction: only the new grant is reserved.
    assertThat(data.decimal("SELECT reserved FROM quota_counters WHERE quota_id = ?", cost)).isEqualByComparingTo("0.05");
  }

  @Test
  void aUsedUpHardQuotaIs402WithTheSpecsBody() {
    Team t = team("Used up");
    UUID cost = data.quota(t.subscription(), "cost", "month", "0.002", "hard");
    data.post("/v1/usage/events", t.token(), batch(event(UUID.randomUUID(), NOW.minusSeconds(1), "o3-mini",
        "{\"prompt_tokens\":100,\"completion_tokens\":500}")));

    JsonNode refusal = lease(t, "{}", 402);

    assertThat(refusal.get("type").asText()).isEqualTo("https://tollgate.dev/problems/payment-required");
    assertThat(refusal.get("reason").asText()).isEqualTo("quota_exceeded");
    assertThat(refusal.get("detail").asText()).isEqualTo("Monthly cost quota of 0.002 USD is used up");
    JsonNode q = refusal.get("quota");
    assertThat(q.get("quota_id").asText()).isEqualTo(cost.toString());
    assertThat(q.get("unit").asText()).isEqualTo("cost");
    assertThat(q.get("period").asText()).isEqualTo("month");
    assertThat(q.get("limit").asText()).isEqualTo("0.002");
    assertThat(q.get("used").asText()).isEqualTo("0.00231");
    assertThat(q.get("period_end").asText()).isEqualTo("2026-12-01T00:00:00Z");
  }

  @Test
  void anEstimateBeyondWhatRemainsIs402AndReservesNothing() {
    Team t = team("Estimate");
    UUID tokens = data.quota(t.subscription(), "tokens", "day", "1000", "hard");

    lease(t, "{\"estimate\":{\"tokens\":1001}}", 402);

    assertThat(quota(t, tokens).get("reserved").asLong()).isZero();
    assertThat(grant(lease(t, "{\"estimate\":{\"tokens\":400}}", 200), tokens).get("amount").asLong()).isEqualTo(400);
  }

  @Test
  void aTokenEstimateIsPricedAtCostPerTokenForACostQuota() {
    Team t = team("Token estimate, cost quota");
    // gpt-4o-mini's highest token rate is 0.60 per 1M: 2000 tokens may cost 0.0012, 1000 tokens 0.0006.
    UUID cost = data.quota(t.subscription(), "cost", "month", "0.001", "hard");

    lease(t, "{\"model\":\"gpt-4o-mini\",\"estimate\":{\"tokens\":2000,\"requests\":1}}", 402);
    JsonNode lease = lease(t, "{\"model\":\"gpt-4o-mini\",\"estimate\":{\"tokens\":1000,\"requests\":1}}", 200);

    assertThat(new BigDecimal(lease.get("cost_per_token").asText())).isEqualByComparingTo("0.0000006");
    assertThat(new BigDecimal(grant(lease, cost).get("amount").asText())).isEqualByComparingTo("0.0006");
  }

  @Test
  void aTokenEstimateWithItsPromptShareIsPricedAtThePromptAndCompletionBounds() {
    Team t = team("Prompt-heavy estimate, cost quota");
    UUID cost = data.quota(t.subscription(), "cost", "month", "0.001", "hard");

    // 2000 tokens at the higher bound would be 0.0012, over the limit; 1800 of them prompt at
    // 0.15 per 1M and 200 completion at 0.60 per 1M are 0.00027 + 0.00012 = 0.00039.
    JsonNode lease = lease(t,
        "{\"model\":\"gpt-4o-mini\",\"estimate\":{\"tokens\":2000,\"prompt_tokens\":1800,\"requests\":1}}", 200);
    assertThat(new BigDecimal(grant(lease, cost).get("amount").asText())).isGreaterThanOrEqualTo(new BigDecimal("0.00039"));
    lease(t, "{\"model\":\"gpt-4o-mini\",\"estimate\":{\"tokens\":2000,\"prompt_tokens\":-1}}", 422);
  }

  @Test
  void aSoftQuotaOnlyWarns() {
    Team t = team("Soft");
    UUID requests = data.quota(t.subscription(), "requests", "day", "1", "soft");
    data.post("/v1/usage/events", t.token(), batch(event(UUID.randomUUID(), NOW.minusSeconds(1), "gpt-4o", null)));

    JsonNode lease = lease(t, "{}", 200);

    assertThat(lease.get("soft_limit_warnings")).hasSize(1);
    assertThat(lease.get("soft_limit_warnings").get(0).get("quota_id").asText()).isEqualTo(requests.toString());
    assertThat(grant(lease, requests).get("amount").asLong()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aSourceOutsideTheProductIs403NamingIt() {
    Team t = team("Sources");

    JsonNode byEndpoint = lease(t, "{\"endpoint\":\"/v1/images/generations\"}", 403);
    JsonNode bySource = lease(t, "{\"source\":\"embeddings\"}", 403);

    assertThat(byEndpoint.get("detail").asText()).contains("'images'");
    assertThat(bySource.get("detail").asText()).contains("'embeddings'");
    lease(t, "{\"endpoint\":\"/v1/chat/completions\"}", 200);
    lease(t, "{\"source\":\"no-such-source\"}", 422);
  }

  /** Issue 15, defect 13: one client asking in a loop, over any number of models, cannot starve its team. */
  @Test
  void aClientAskingInALoopOverManyModelsLeavesItsTeamsQuotaToTheOthers() {
    Team hoarder = team("Hoarding");
    UUID requests = data.quota(hoarder.subscription(), "requests", "month", "1000000000", "hard");
    for (int i = 0; i < 200; i++) {
      lease(hoarder, "{\"model\":\"model-" + i + "\",\"endpoint\":\"/v1/chat/completions\"}", 200);
    }
    JsonNode state = quota(hoarder, requests);
    assertThat(state.get("used").asLong()).isZero();
    assertThat(state.get("reserved").asLong()).isLessThanOrEqualTo(250_000_000L);

    IngestTestData.ClientCreds colleague = data.client(hoarder.client().teamId(), "active");
    Team other = new Team(hoarder.subscription(), colleague, data.token(colleague));
    JsonNode granted = lease(other, "{\"model\":\"gpt-4o\",\"estimate\":{\"requests\":1}}", 200);
    assertThat(grant(granted, requests).get("amount").asLong()).isEqualTo(50_000_000L);
  }

  /** Issue 15, defect 13: asking again for the same (endpoint, model) settles the previous lease. */
  @Test
  void askingAgainForTheSameEndpointAndModelSettlesThePreviousLease() {
    Team t = team("Renewing");
    UUID tokens = data.quota(t.subscription(), "tokens", "day", "100000", "hard");
    String body = "{\"model\":\"gpt-4o\",\"endpoint\":\"/v1/chat/completions\"}";
    String first = lease(t, body, 200).get("lease_id").asText();
    lease(t, body, 200);
    lease(t, body.replace("gpt-4o", "gpt-4o-mini"), 200);

    assertThat(quota(t, tokens).get("reserved").asLong()).isEqualTo(10_000L);
    assertThat(data.count("SELECT count(*) FROM quota_leases WHERE id = '" + first + "' AND settled_at IS NOT NULL"))
        .isEqualTo(1);
  }

  /**
   * A renewal that names the lease it replaces and what was used of it settles that lease with
   * the use, so a hard quota whose only unit was used (its event not yet arrived) is not granted
   * again; the unused rest of the replaced lease returns at once.
   */
  @Test
  void aRenewalNamingTheReplacedLeaseKeepsItsUseReserved() {
    Team t = team("Renewal with use");
    UUID requests = data.quota(t.subscription(), "requests", "day", "1", "hard");
    UUID tokens = data.quota(t.subscription(), "tokens", "day", "100000", "hard");
    String body = "{\"model\":\"gpt-4o\",\"endpoint\":\"/v1/chat/completions\",\"estimate\":{\"requests\":1}";
    JsonNode first = lease(t, body + "}", 200);
    assertThat(grant(first, requests).get("amount").asLong()).isEqualTo(1);

    JsonNode refusal = lease(t, body + ",\"replaces\":{\"lease_id\":\"" + first.get("lease_id").asText()
        + "\",\"used\":{\"requests\":1,\"tokens\":300}}}", 402);

    assertThat(refusal.get("quota").get("quota_id").asText()).isEqualTo(requests.toString());
    assertThat(quota(t, requests).get("reserved").asLong()).isEqualTo(1);
    assertThat(quota(t, tokens).get("reserved").asLong()).isEqualTo(300);
    assertThat(data.count("SELECT count(*) FROM quota_leases WHERE id = '" + first.get("lease_id").asText()
        + "' AND settled_at IS NOT NULL")).isEqualTo(1);
  }

  /** A use is never negative: the settle body and a renewal's {@code replaces.used} are refused naming it, and nothing is settled. */
  @Test
  void aNegativeUseIsRefusedNamingItAndSettlesNothing() {
    Team t = team("Negative use");
    UUID tokens = data.quota(t.subscription(), "tokens", "day", "100000", "hard");
    JsonNode first = lease(t, "{\"model\":\"gpt-4o\",\"estimate\":{\"tokens\":500}}", 200);
    String leaseId = first.get("lease_id").asText();
    long reserved = quota(t, tokens).get("reserved").asLong();

    HttpResponse<String> settle = data.post("/v1/quota/lease/" + leaseId + "/settle", t.token(),
        "{\"used\":{\"tokens\":-5}}");
    JsonNode renewal = lease(t, "{\"model\":\"gpt-4o\",\"estimate\":{\"tokens\":500},\"replaces\":{\"lease_id\":\""
        + leaseId + "\",\"used\":{\"tokens\":\"-0.5\"}}}", 422);

    assertThat(settle.statusCode()).isEqualTo(422);
    assertThat(json(settle).get("errors").get(0).get("field").asText()).isEqualTo("used.tokens");
    assertThat(renewal.get("errors").get(0).get("field").asText()).isEqualTo("replaces.used.tokens");
    assertThat(data.count("SELECT count(*) FROM quota_leases WHERE id = '" + leaseId + "' AND settled_at IS NULL"))
        .isEqualTo(1);
    assertThat(data.count("SELECT count(*) FROM quota_leases WHERE team_id = '" + t.client().teamId() + "'")).isEqualTo(1);
    assertThat(quota(t, tokens).get("reserved").asLong()).isEqualTo(reserved);
  }

  @Test
  void dailyPeriodsRollOverInUtcWithoutAJob() {
    Team t = team("Rollover");
    UUID requests = data.quota(t.subscription(), "requests", "day", "100", "hard");
    data.post("/v1/usage/events", t.token(), batch(event(UUID.randomUUID(), NOW.minusSeconds(1), "gpt-4o", null)));
    assertThat(quota(t, requests).get("used").asLong()).isEqualTo(1);

    ClockedApp.CLOCK.set(Instant.parse("2026-11-28T00:00:00Z"));
    String token = data.token(t.client());

    JsonNode q = quota(new Team(t.subscription(), t.client(), token), requests);
    assertThat(q.get("used").asLong()).isZero();
    assertThat(q.get("period_start").asText()).isEqualTo("2026-11-28T00:00:00Z");
  }

  @Test
  void aDisabledClientGetsNoLeaseEvenWithAValidToken() {
    Team t = team("Disabled later");
    data.jdbi.useHandle(h -> h.createUpdate("UPDATE clients SET status = 'disabled' WHERE id = :id")
        .bind("id", t.client().id()).execute());

    assertThat(lease(t, "{}", 402).get("reason").asText()).isEqualTo("client_disabled");
  }

  @Test
  void periodArithmeticIsCalendarUtc() {
    Instant at = Instant.parse("2026-11-29T23:59:59Z"); // a Sunday
    assertThat(Period.DAY.start(at)).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    assertThat(Period.WEEK.start(at)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(Period.WEEK.end(Period.WEEK.start(at))).contains(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(Period.MONTH.end(Period.MONTH.start(at))).contains(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(Period.TOTAL.end(Period.TOTAL.start(at))).isEmpty();
  }

  private static JsonNode grant(JsonNode lease, UUID quotaId) {
    for (JsonNode g : lease.get("grants")) {
      if (g.get("quota_id").asText().equals(quotaId.toString())) {
        return g;
      }
    }
    throw new AssertionError("no grant for " + quotaId + " in " + lease);
  }
}
