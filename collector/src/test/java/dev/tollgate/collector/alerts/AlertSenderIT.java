package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The sender driven by the test, step by step, on the test's clock: the collector's own sender
 * is off, alerts are raised through real ingest, and a real receiver answers. Retries, backoff,
 * giving up and taking over an abandoned claim happen without waiting on the wall clock.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AlertSenderIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(ClockedApp.class,
      TestDatabases.create(), c -> c.getAlerts().setSenderEnabled(false));

  static AlertsWorld world;
  static Receiver receiver;
  static AlertSender sender;

  final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    world = new AlertsWorld(APP).seed();
    receiver = new Receiver();
    sender = new AlertSender(world.jdbi, ClockedApp.CLOCK, new ProviderKeyCipher(TestApps.ENCRYPTION_KEY),
        IngestTestData.JSON, new AlertSender.Settings(false, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofHours(1), Duration.ofHours(24), Duration.ofSeconds(10), Duration.ofMinutes(2), 50));
  }

  @AfterAll
  static void tearDown() {
    receiver.close();
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
  }

  @BeforeEach
  void captureLog() {
    log.start();
    ((Logger) LoggerFactory.getLogger(AlertSender.class)).addAppender(log);
    receiver.answer(200);
  }

  @AfterEach
  void releaseLog() {
    ((Logger) LoggerFactory.getLogger(AlertSender.class)).detachAppender(log);
    assertThat(world.data.count("SELECT count(*) FROM alert_deliveries WHERE status = 'pending'"))
        .as("each test leaves nothing pending").isZero();
  }

  @Test
  void aReceiverDownForAWhileGetsEachAlertOnceAfterItReturns() {
    AlertsWorld.Team team = world.team("Patient team", "1.00", "hard");
    JsonNode channel = world.channel("webhook", receiver.url("/down"), team.id());
    receiver.answer(503);
    world.spend(team, 5, now().minusSeconds(60));
    world.spend(team, 3, now().minusSeconds(60));

    assertThat(sender.runOnce()).isEqualTo(2);
    assertThat(sender.runOnce()).as("nothing is due before the backoff").isZero();
    advance(Duration.ofSeconds(30));
    assertThat(sender.runOnce()).as("first retry after 30 s").isEqualTo(2);
    advance(Duration.ofSeconds(59));
    assertThat(sender.runOnce()).as("the second retry waits twice as long").isZero();
    advance(Duration.ofSeconds(1));
    assertThat(sender.runOnce()).isEqualTo(2);
    for (JsonNode alert : world.alertsOf(team.id(), null)) {
      JsonNode delivery = alert.get("deliveries").get(0);
      assertThat(delivery.get("status").asText()).isEqualTo("pending");
      assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
      assertThat(delivery.get("last_error").asText()).isEqualTo("HTTP 503: receiver is down");
      assertThat(delivery.get("delivered_at").isNull()).isTrue();
    }

    receiver.answer(200);
    advance(Duration.ofSeconds(120));
    assertThat(sender.runOnce()).isEqualTo(2);
    assertThat(sender.runOnce()).isZero();

    List<Receiver.Request> got = AlertsWorld.onPath(receiver.requests(), "/down");
    assertThat(got).hasSize(8);
    List<String> accepted = got.stream().filter(r -> r.answeredWith() == 200)
        .map(r -> r.header("Tollgate-Alert-Id")).toList();
    List<JsonNode> alerts = world.alertsOf(team.id(), null);
    assertThat(accepted).containsExactlyInAnyOrderElementsOf(alerts.stream().map(a -> a.get("id").asText()).toList());
    for (JsonNode alert : alerts) {
      JsonNode delivery = alert.get("deliveries").get(0);
      assertThat(delivery.get("channel_id").asText()).isEqualTo(channel.get("id").asText());
      assertThat(delivery.get("status").asText()).isEqualTo("delivered");
      assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
      assertThat(delivery.get("last_error").isNull()).isTrue();
      assertThat(delivery.get("delivered_at").asText()).isEqualTo(now().toString());
    }
  }

  @Test
  void aDeliveryStillFailingAfterTheGiveUpTimeIsMarkedFailedAndSaysSo() {
    AlertsWorld.Team team = world.team("Abandoned team", "1.00", "hard");
    JsonNode channel = world.channel("webhook", receiver.url("/gone/secret-path-token"), team.id());
    receiver.answer(500);
    world.spend(team, 5, now().minusSeconds(60));

    assertThat(sender.runOnce()).isEqualTo(1);
    advance(Duration.ofHours(23).plusMinutes(59));
    assertThat(sender.runOnce()).isEqualTo(1);
    assertThat(world.pending(channel.get("id").asText())).as("still within 24 h").isEqualTo(1);
    advance(Duration.ofMinutes(1));
    assertThat(sender.runOnce()).isEqualTo(1);

    JsonNode delivery = world.alertsOf(team.id(), null).get(0).get("deliveries").get(0);
    assertThat(delivery.get("status").asText()).isEqualTo("failed");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
    assertThat(delivery.get("last_error").asText())
        .isEqualTo("gave up after 24 hours and 3 attempts; last error: HTTP 500: receiver is down");
    List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getFormattedMessage().contains("failed for good"))
        .toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getFormattedMessage()).contains(channel.get("id").asText(), "gave up after 24 hours")
        .doesNotContain("secret-path-token");
    advance(Duration.ofDays(1));
    assertThat(sender.runOnce()).as("a failed delivery is not tried again").isZero();
  }

  @Test
  void aClaimAbandonedByADeadSenderIsTakenOverOnceItTimesOut() {
    AlertsWorld.Team team = world.team("Orphan team", "1.00", "hard");
    world.channel("webhook", receiver.url("/orphan"), team.id());
    world.spend(team, 5, now().minusSeconds(60));
    // Another instance claims the delivery and dies before sending.
    DeliveryDao.Claim abandoned = world.jdbi.withExtension(DeliveryDao.class,
        d -> d.claim(now(), now().plus(Duration.ofMinutes(2)))).orElseThrow();

    assertThat(sender.runOnce()).as("claimed by the other instance").isZero();
    advance(Duration.ofMinutes(2));
    assertThat(sender.runOnce()).isEqualTo(1);
    int staleFinish = world.jdbi.withExtension(DeliveryDao.class,
        d -> d.delivered(abandoned.id(), abandoned.attempts(), now()));
    assertThat(staleFinish).as("a stale claim cannot finish").isZero();

    assertThat(AlertsWorld.onPath(receiver.requests(), "/orphan")).hasSize(1);
    JsonNode delivery = world.alertsOf(team.id(), null).get(0).get("deliveries").get(0);
    assertThat(delivery.get("status").asText()).isEqualTo("delivered");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
  }

  @Test
  void aChannelDisabledAfterTheAlertWasQueuedGetsNothingAndTheDeliverySaysWhy() {
    AlertsWorld.Team team = world.team("Muted team", "1.00", "hard");
    JsonNode channel = world.channel("webhook", receiver.url("/muted"), team.id());
    world.spend(team, 5, now().minusSeconds(60));
    AdminHttp.Reply off = world.admin.patch(TestApps.ADMIN_KEY, "/v1/admin/alert-channels/"
        + channel.get("id").asText(), AdminHttp.json("{'enabled':false}"));
    assertThat(off.status()).as(off.body()).isEqualTo(200);

    assertThat(sender.runOnce()).isEqualTo(1);
    assertThat(AlertsWorld.onPath(receiver.requests(), "/muted")).isEmpty();
    JsonNode delivery = world.alertsOf(team.id(), null).get(0).get("deliveries").get(0);
    assertThat(delivery.get("status").asText()).isEqualTo("failed");
    assertThat(delivery.get("last_error").asText()).isEqualTo("channel disabled");
  }

  @Test
  void slackMessagesHaveTextAndMrkdwnSectionsWithCallersTextEscaped() throws Exception {
    AlertsWorld.Team team = world.team("R<&>D", "1.00", "hard");
    world.channel("slack", receiver.url("/slack/T000/B000/XXXX"), team.id());
    world.spend(team, 10, now().minusSeconds(60));
    assertThat(sender.runOnce()).isEqualTo(3);

    List<Receiver.Request> got = AlertsWorld.onPath(receiver.requests(), "/slack/T000/B000/XXXX");
    assertThat(got).hasSize(3);
    for (Receiver.Request r : got) {
      assertThat(r.header("Tollgate-Signature")).isNull();
      JsonNode message = IngestTestData.JSON.readTree(r.body());
      SlackRules.check(message);
      assertThat(message.get("text").asText()).startsWith("Team *R&lt;&amp;&gt;D* has used ")
          .contains(" of its monthly cost quota: ");
    }
    assertThat(got).anyMatch(r -> r.body().contains("100% of its monthly cost quota: 1 of 1"));
  }

  @Test
  void aTestSendDeliversASampleOfEachTypeTheChannelTakes() throws Exception {
    // Scoped to a team that raises nothing, so that only the samples reach these channels.
    AlertsWorld.Team quiet = world.team("Quiet team", null, null);
    JsonNode webhook = world.channel("webhook", receiver.url("/test-webhook"), quiet.id());
    JsonNode slack = world.channel("slack", receiver.url("/test-slack"), quiet.id(), "spend_spike", "unpriced_model");
    for (JsonNode channel : List.of(webhook, slack)) {
      AdminHttp.Reply reply = world.admin.post(TestApps.ADMIN_KEY,
          "/v1/admin/alert-channels/" + channel.get("id").asText() + "/test", null);
      assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("delivery_id").asText()).matches("[0-9a-f-]{36}");
      assertThat(AlertsWorld.fieldNames(reply.json())).containsExactly("delivery_id");
    }
    assertThat(sender.runOnce()).isEqualTo(2);

    List<Receiver.Request> hooks = AlertsWorld.onPath(receiver.requests(), "/test-webhook");
    assertThat(hooks).hasSize(3);
    Set<String> types = hooks.stream().map(r -> AlertsWorld.parse(r.body()).get("type").asText())
        .collect(Collectors.toSet());
    assertThat(types).containsExactlyInAnyOrder("quota_threshold", "unpriced_model", "spend_spike");
    for (Receiver.Request r : hooks) {
      assertThat(r.header("Tollgate-Test")).isEqualTo("true");
      assertThat(ReceiverSignatureCheck.verify(r.header("Tollgate-Signature"), r.body(),
          webhook.get("secret").asText(), now())).isTrue();
      assertThat(r.header("Tollgate-Alert-Id")).isEqualTo(AlertsWorld.parse(r.body()).get("id").asText());
    }
    List<Receiver.Request> messages = AlertsWorld.onPath(receiver.requests(), "/test-slack");
    assertThat(messages).hasSize(2);
    for (Receiver.Request r : messages) {
      JsonNode message = IngestTestData.JSON.readTree(r.body());
      SlackRules.check(message);
      assertThat(message.get("text").asText()).startsWith("[Test] ");
    }
  }

  private static Instant now() {
    return ClockedApp.CLOCK.instant();
  }

  private static void advance(Duration duration) {
    ClockedApp.CLOCK.advance(duration);
  }
}
