package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.reports.ReportsTestData.Event;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whole days are read from the rollup, not from the events: a marker added to usage_daily
 * alone shows in whole-day usage and chargeback, and not where the events are read.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UsageRollupIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();
  static final long MARKER = 1_000_000;

  static ReportsFixture world;
  static long events;

  @BeforeAll
  static void load() {
    world = new ReportsFixture(APP, 83).load(0);
    List<Event> day = List.of(world.randomEvent(Instant.parse("2026-11-10T08:00:00Z")),
        world.randomEvent(Instant.parse("2026-11-10T20:00:00Z")));
    world.record(day);
    events = day.size();
    var db = APP.getConfiguration().getDatabase();
    Jdbi.create(db.getUrl(), db.getUser(), db.getPassword()).useHandle(h -> h.execute(
        "UPDATE usage_daily SET requests = requests + ? WHERE day = '2026-11-10' AND ctid = "
            + "(SELECT min(ctid) FROM usage_daily WHERE day = '2026-11-10')", MARKER));
  }

  private static long requests(String query) {
    JsonNode items = world.getJson(query).get("items");
    long sum = 0;
    for (JsonNode item : items) {
      sum += item.get("requests").asLong();
    }
    return sum;
  }

  @Test
  void wholeDaysReadTheRollup() {
    assertThat(requests("usage?from=2026-11-10T00:00:00Z&to=2026-11-11T00:00:00Z")).isEqualTo(events + MARKER);
    assertThat(requests("usage?from=2026-11-01&to=2026-12-01&group_by=team,model,month")).isEqualTo(events + MARKER);
    long charged = 0;
    for (JsonNode team : world.getJson("chargeback?month=2026-11").get("teams")) {
      for (JsonNode line : team.get("lines")) {
        charged += line.get("requests").asLong();
      }
    }
    assertThat(charged).isEqualTo(events + MARKER);
  }

  @Test
  void partialDaysAndEndUsersReadTheEvents() {
    assertThat(requests("usage?from=2026-11-10T00:00:00Z&to=2026-11-10T23:00:00Z")).isEqualTo(events);
    assertThat(requests("usage?from=2026-11-09T12:00:00Z&to=2026-11-10T12:00:00Z")).isEqualTo(1);
    assertThat(requests("usage?from=2026-11-10&to=2026-11-11&group_by=end_user")).isEqualTo(events);
    assertThat(requests("performance?from=2026-11-10&to=2026-11-11")).isEqualTo(events);
  }
}
