package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alerts raised through the real ingest endpoint and delivered by the collector's own sender
 * to a real HTTP receiver: signed webhooks, the payloads, and each alert type's rule.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhookAlertsIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(ClockedApp.class,
      TestDatabases.create(), c -> c.getAlerts().setPollInterval(Duration.milliseconds(20)));
  static final java.time.Duration WAIT = java.time.Duration.ofSeconds(20);

  static AlertsWorld world;
  static Receiver receiver;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    world = new AlertsWorld(APP).seed();
    receiver = new Receiver();
  }

  @AfterAll
  static void tearDown() {
    receiver.close();
  }

  @Test
  void crossingFiftyThenEightyPercentSendsExactlyTwoSignedWebhooks() throws Exception {
    AlertsWorld.Team team = world.team("Webhook team", "1.00", "hard");
    JsonNode channel = world.channel("webhook", receiver.url("/two"), team.id());
    String secret = channel.get("secret").asText();
    assertThat(secret).startsWith("whsec_");
    Instant ts = ClockedApp.CLOCK.instant().minusSeconds(60);

    world.spend(team, 4, ts);
    assertThat(world.alertCount(team.id(), "quota_threshold")).isZero();
    world.spend(team, 1, ts);
    receiver.awaitRequests(rs -> AlertsWorld.onPath(rs, "/two").size() == 1, WAIT);
    world.spend(team, 3, ts);
    receiver.awaitRequests(rs -> AlertsWorld.onPath(rs, "/two").size() == 2, WAIT);
    awaitNothingPending(channel);

    List<Receiver.Request> got = AlertsWorld.onPath(receiver.requests(), "/two");
    assertThat(got).hasSize(2);
    List<Integer> thresholds = new ArrayList<>();
    for (Receiver.Request r : got) {
      assertThat(ReceiverSignatureCheck.verify(r.header("Tollgate-Signature"), r.body(), secret,
          ClockedApp.CLOCK.instant())).isTrue();
      assertThat(ReceiverSignatureCheck.verify(r.header("Tollgate-Signature"), r.body() + " ", secret,
          ClockedApp.CLOCK.instant())).isFalse();
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      JsonNode payload = IngestTestData.JSON.readTree(r.body());
      assertThat(r.header("Tollgate-Alert-Id")).isEqualTo(payload.get("id").asText());
      assertThat(AlertsWorld.fieldNames(payload))
          .containsExactly("id", "type", "occurred_at", "team_id", "team", "details");
      assertThat(payload.get("type").asText()).isEqualTo("quota_threshold");
      assertThat(payload.get("team_id").asText()).isEqualTo(team.id().toString());
      assertThat(payload.get("team").asText()).isEqualTo("Webhook team");
      assertThat(payload.get("occurred_at").asText()).isEqualTo(ClockedApp.CLOCK.instant().toString());
      JsonNode details = payload.get("details");
      assertThat(AlertsWorld.fieldNames(details)).containsExactly("quota_id", "unit", "period", "threshold", "used",
          "limit", "period_end", "refusals");
      assertThat(details.get("quota_id").asText()).isEqualTo(team.quotaId().toString());
      assertThat(details.get("unit").asText()).isEqualTo("cost");
      assertThat(details.get("period").asText()).isEqualTo("month");
      assertThat(details.get("limit").asText()).isEqualTo("1");
      assertThat(details.get("period_end").asText()).isEqualTo("2026-12-01T00:00:00Z");
      assertThat(details.get("refusals").isNull()).isTrue();
      thresholds.add(details.get("threshold").asInt());
      assertThat(details.get("used").asText()).isEqualTo(details.get("threshold").asInt() == 50 ? "0.5" : "0.8");
    }
    assertThat(thresholds).containsExactly(50, 80);
    assertThat(got.get(0).header("Tollgate-Alert-Id")).isNotEqualTo(got.get(1).header("Tollgate-Alert-Id"));

    List<JsonNode> listed = world.alertsOf(team.id(), "quota_threshold");
    assertThat(listed).hasSize(2);
    for (JsonNode alert : listed) {
      JsonNode delivery = alert.get("deliveries").get(0);
      assertThat(alert.get("deliveries")).hasSize(1);
      assertThat(delivery.get("channel_id").asText()).isEqualTo(channel.get("id").asText());
      assertThat(delivery.get("status").asText()).isEqualTo("delivered");
      assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
      assertThat(delivery.get("last_error").isNull()).isTrue();
      assertThat(delivery.get("delivered_at").asText()).isEqualTo(ClockedApp.CLOCK.instant().toString());
    }
  }

  @Test
  void hundredPercentOfAHardQuotaCountsTheRefusalsSoFar() throws Exception {
    AlertsWorld.Team team = world.team("Refused team", "1.00", "hard");
    JsonNode channel = world.channel("webhook", receiver.url("/refusals"), team.id(), "quota_threshold");
    Instant ts = ClockedApp.CLOCK.instant().minusSeconds(60);
    world.spend(team, 9, ts);
    for (int i = 0; i < 2; i++) {
      var lease = world.data.post("/v1/quota/lease", team.token(),
          "{\"model\":\"" + AlertsWorld.MODEL + "\",\"estimate\":{\"cost\":\"0.5\"}}");
      assertThat(lease.statusCode()).as(lease.body()).isEqualTo(402);
    }
    world.spend(team, 1, ts);
    receiver.awaitRequests(rs -> AlertsWorld.onPath(rs, "/refusals").size() == 3, WAIT);
    awaitNothingPending(channel);

    JsonNode hundred = null;
    for (Receiver.Request r : AlertsWorld.onPath(receiver.requests(), "/refusals")) {
      JsonNode details = IngestTestData.JSON.readTree(r.body()).get("details");
      if (details.get("threshold").asInt() == 100) {
        hundred = details;
      } else {
        assertThat(details.get("refusals").isNull()).as("below 100 %").isTrue();
      }
    }
    assertThat(hundred).isNotNull();
    assertThat(hundred.get("refusals").asLong()).isEqualTo(2);
    assertThat(hundred.get("used").asText()).isEqualTo("1");
  }

  @Test
  void aModelWithoutAPriceIsAlertedOnceWhoeverUsesIt() throws Exception {
    AlertsWorld.Team first = world.team("Unpriced one", null, null);
    AlertsWorld.Team second = world.team("Unpriced two", null, null);
    JsonNode channel = world.channel("webhook", receiver.url("/unpriced"), null, "unpriced_model");
    Instant ts = ClockedApp.CLOCK.instant().minusSeconds(30);
    world.send(first, "mystery-model-1", 2, ts.minusSeconds(5));
    world.send(second, "mystery-model-1", 1, ts);
    world.send(second, "mystery-model-2", 1, ts);
    world.send(first, "mystery-model-2", 3, ts);
    receiver.awaitRequests(rs -> AlertsWorld.onPath(rs, "/unpriced").size() == 2, WAIT);
    awaitNothingPending(channel);

    List<String> models = new ArrayList<>();
    for (Receiver.Request r : AlertsWorld.onPath(receiver.requests(), "/unpriced")) {
      JsonNode payload = IngestTestData.JSON.readTree(r.body());
      assertThat(payload.get("type").asText()).isEqualTo("unpriced_model");
      assertThat(AlertsWorld.fieldNames(payload.get("details"))).containsExactly("model", "first_seen");
      models.add(payload.get("details").get("model").asText());
      if (payload.get("details").get("model").asText().equals("mystery-model-1")) {
        assertThat(payload.get("team").asText()).isEqualTo("Unpriced one");
        assertThat(payload.get("details").get("first_seen").asText()).isEqualTo(ts.minusSeconds(5).toString());
      }
    }
    assertThat(models).containsExactly("mystery-model-1", "mystery-model-2");
    assertThat(world.data.count("SELECT count(*) FROM alerts WHERE type = 'unpriced_model'")).isEqualTo(2);
  }

  @Test
  void aDayAboveThreeTimesTheTrailingWeekIsASpendSpikeOnce() throws Exception {
    AlertsWorld.Team team = world.team("Spiky team", null, null);
    Instant now = ClockedApp.CLOCK.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    // A week of history at 0.10 a day: an average of 0.10.
    for (int d = 7; d >= 1; d--) {
      world.spend(team, 1, now.minus(java.time.Duration.ofDays(d)));
    }
    JsonNode channel = world.channel("webhook", receiver.url("/spike"), team.id(), "spend_spike");
    world.spend(team, 3, now.minusSeconds(60));
    // 0.30 is three times the average, not above it; no day before had a full week of history.
    assertThat(world.alertCount(team.id(), "spend_spike")).isZero();
    world.spend(team, 1, now.minusSeconds(60));
    world.spend(team, 5, now.minusSeconds(60));
    receiver.awaitRequests(rs -> AlertsWorld.onPath(rs, "/spike").size() == 1, WAIT);
    awaitNothingPending(channel);

    List<Receiver.Request> got = AlertsWorld.onPath(receiver.requests(), "/spike");
    assertThat(got).hasSize(1);
    JsonNode payload = IngestTestData.JSON.readTree(got.get(0).body());
    assertThat(payload.get("type").asText()).isEqualTo("spend_spike");
    assertThat(payload.get("team_id").asText()).isEqualTo(team.id().toString());
    JsonNode details = payload.get("details");
    assertThat(AlertsWorld.fieldNames(details)).containsExactly("day", "spend", "average", "multiple");
    assertThat(details.get("day").asText()).isEqualTo(today.toString());
    assertThat(details.get("spend").asText()).isEqualTo("0.4");
    assertThat(details.get("average").asText()).isEqualTo("0.1");
    assertThat(details.get("multiple").asText()).isEqualTo("4");
  }

  private void awaitNothingPending(JsonNode channel) {
    receiver.awaitRequests(rs -> world.pending(channel.get("id").asText()) == 0, WAIT);
  }
}
