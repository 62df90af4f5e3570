package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two collector instances on one database, both ingesting the same teams' usage at once and
 * both running a sender: every threshold is raised once and every alert reaches the receiver
 * once.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoInstancesAlertsIT {

  static final TestDatabases.TestDatabase DB = TestDatabases.create();
  static final DropwizardAppExtension<TollgateConfiguration> ONE = TestApps.app(ClockedApp.class, DB,
      c -> c.getAlerts().setPollInterval(Duration.milliseconds(10)));
  static final DropwizardAppExtension<TollgateConfiguration> TWO = TestApps.app(ClockedApp.class, DB,
      c -> c.getAlerts().setPollInterval(Duration.milliseconds(10)));

  static final int TEAMS = 8;
  /** Each of two threads per team sends this many single-call batches of 0.10: 1.20 on a 1.00 quota. */
  static final int CALLS_PER_THREAD = 6;

  @Test
  void eachThresholdIsRaisedOnceAndEachAlertDeliveredOnce() throws Exception {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    AlertsWorld[] nodes = {new AlertsWorld(ONE).seed(), new AlertsWorld(TWO)};
    List<AlertsWorld.Team> teams = new ArrayList<>();
    for (int t = 0; t < TEAMS; t++) {
      teams.add(nodes[0].team("Twin team " + t, "1.00", "soft"));
    }
    try (Receiver receiver = new Receiver()) {
      JsonNode channel = nodes[1].channel("webhook", receiver.url("/twins"), null, "quota_threshold");
      Instant ts = ClockedApp.CLOCK.instant().minusSeconds(60);
      ExecutorService pool = Executors.newFixedThreadPool(2 * TEAMS);
      List<Future<?>> work = new ArrayList<>();
      for (AlertsWorld.Team team : teams) {
        for (AlertsWorld node : nodes) {
          work.add(pool.submit(() -> {
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
              node.spend(team, 1, ts);
            }
          }));
        }
      }
      for (Future<?> f : work) {
        f.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();

      int expected = TEAMS * 3;
      assertThat(nodes[0].data.count("SELECT count(*) FROM alerts")).isEqualTo(expected);
      receiver.awaitRequests(rs -> rs.size() >= expected && nodes[0].pending(channel.get("id").asText()) == 0,
          java.time.Duration.ofSeconds(60));

      List<Receiver.Request> got = receiver.requests();
      Map<String, Long> perAlert = got.stream()
          .collect(Collectors.groupingBy(r -> r.header("Tollgate-Alert-Id"), Collectors.counting()));
      assertThat(got).hasSize(expected);
      assertThat(perAlert).hasSize(expected).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
      for (AlertsWorld.Team team : teams) {
        List<JsonNode> alerts = nodes[1].alertsOf(team.id(), "quota_threshold");
        assertThat(alerts.stream().map(a -> a.get("details").get("threshold").asInt()).sorted().toList())
            .containsExactly(50, 80, 100);
        for (JsonNode alert : alerts) {
          assertThat(perAlert).containsKey(alert.get("id").asText());
          assertThat(alert.get("deliveries").get(0).get("attempts").asInt()).isEqualTo(1);
          assertThat(alert.get("deliveries").get(0).get("status").asText()).isEqualTo("delivered");
        }
      }
      Map<String, AlertsWorld.Team> byId = teams.stream()
          .collect(Collectors.toMap(t -> t.id().toString(), Function.identity()));
      assertThat(got).allSatisfy(r ->
          assertThat(byId).containsKey(AlertsWorld.parse(r.body()).get("team_id").asText()));
    }
  }
}
