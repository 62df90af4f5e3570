package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.util.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A collector stopped between the crossing and the delivery loses nothing: the alert and its
 * outbox row committed with the events, and the next collector on the same database sends it.
 */
class AlertRestartIT {

  @Test
  void anAlertRaisedBeforeARestartIsDeliveredOnceAfterIt() throws Exception {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    TestDatabases.TestDatabase db = TestDatabases.create();
    try (Receiver receiver = new Receiver()) {
      // The first collector never gets to send: it stops right after the crossing commits.
      DropwizardTestSupport<TollgateConfiguration> first = new DropwizardTestSupport<>(ClockedApp.class,
          TestApps.config(db, c -> c.getAlerts().setSenderEnabled(false)));
      first.before();
      AlertsWorld.Team team;
      JsonNode channel;
      try {
        AlertsWorld world = new AlertsWorld(first.getConfiguration(), first.getLocalPort()).seed();
        team = world.team("Restarted team", "1.00", "hard");
        channel = world.channel("webhook", receiver.url("/restart"), team.id());
        world.spend(team, 5, ClockedApp.CLOCK.instant().minusSeconds(60));
        assertThat(world.pending(channel.get("id").asText())).isEqualTo(1);
      } finally {
        first.after();
      }
      assertThat(receiver.requests()).isEmpty();

      DropwizardTestSupport<TollgateConfiguration> second = new DropwizardTestSupport<>(ClockedApp.class,
          TestApps.config(db, c -> c.getAlerts().setPollInterval(Duration.milliseconds(20))));
      second.before();
      try {
        AlertsWorld world = new AlertsWorld(second.getConfiguration(), second.getLocalPort());
        receiver.awaitRequests(rs -> world.pending(channel.get("id").asText()) == 0, java.time.Duration.ofSeconds(20));
        List<Receiver.Request> got = receiver.requests();
        assertThat(got).hasSize(1);
        JsonNode alert = world.alertsOf(team.id(), "quota_threshold").get(0);
        assertThat(got.get(0).header("Tollgate-Alert-Id")).isEqualTo(alert.get("id").asText());
        assertThat(ReceiverSignatureCheck.verify(got.get(0).header("Tollgate-Signature"), got.get(0).body(),
            channel.get("secret").asText(), ClockedApp.CLOCK.instant())).isTrue();
        assertThat(alert.get("details").get("threshold").asInt()).isEqualTo(50);
        assertThat(alert.get("deliveries").get(0).get("status").asText()).isEqualTo("delivered");
      } finally {
        second.after();
      }
    }
  }
}
