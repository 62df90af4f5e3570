package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.reports.ReportsTestData.Charge;
import dev.tollgate.collector.reports.ReportsTestData.Client;
import dev.tollgate.collector.reports.ReportsTestData.Event;
import dev.tollgate.collector.reports.ReportsTestData.Team;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ChargebackReportIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();

  static ReportsFixture world;
  static Team delta;

  @BeforeAll
  static void load() {
    world = new ReportsFixture(APP, 51).load(400);
    // rating.md's example: three lines of 0.005 each in October.
    delta = world.data.team("Delta");
    Client d1 = world.data.client(delta, "delta-app");
    List<Event> october = new ArrayList<>();
    for (String model : List.of("model-a", "model-b", "model-c")) {
      october.add(new Event(UUID.randomUUID(), Instant.parse("2026-10-15T12:00:00Z"), d1, "chat.completions", model,
          model, 200, 100, null, null, Map.of(), 10, 0, 5, 0, null,
          List.of(new Charge("requests", 1, new BigDecimal("0.005"), BigDecimal.ONE)), false, "USD"));
    }
    world.record(october);
  }

  @Test
  void ratingMdExampleAddsUpToTheRoundedTotal() {
    JsonNode body = world.getJson("chargeback?month=2026-10");
    assertThat(body.get("month").asText()).isEqualTo("2026-10");
    assertThat(body.get("currency").asText()).isEqualTo("USD");
    assertThat(body.get("teams")).hasSize(1);
    JsonNode team = body.get("teams").get(0);
    assertThat(team.get("team").asText()).isEqualTo("Delta");
    assertThat(team.get("team_id").asText()).isEqualTo(delta.id().toString());
    assertThat(team.get("total").asText()).isEqualTo("0.02");
    List<String> costs = new ArrayList<>();
    team.get("lines").forEach(line -> costs.add(line.get("model").asText() + "=" + line.get("cost").asText()));
    assertThat(costs).containsExactly("model-a=0.01", "model-b=0.01", "model-c=0.00");
    assertThat(team.get("lines").get(0).get("product").isNull()).isTrue();
    assertThat(team.get("lines").get(0).get("requests").asLong()).isEqualTo(1);
    assertThat(team.get("lines").get(0).get("prompt_tokens").asLong()).isEqualTo(10);
    assertThat(team.get("lines").get(0).get("completion_tokens").asLong()).isEqualTo(5);
  }

  @Test
  void novemberPerTeamMatchesTheEvents() {
    JsonNode body = world.getJson("chargeback?month=2026-11");
    List<Team> teams = new ArrayList<>(List.of(world.teamA, world.teamB, world.teamC));
    teams.sort(Comparator.comparing(Team::name));
    assertThat(body.get("teams")).hasSize(3);
    for (int t = 0; t < teams.size(); t++) {
      Team team = teams.get(t);
      JsonNode actual = body.get("teams").get(t);
      assertThat(actual.get("team_id").asText()).isEqualTo(team.id().toString());
      assertThat(actual.get("team").asText()).isEqualTo(team.name());
      // Expected lines in the statement's order: product name (none first), then model.
      Map<String, List<Event>> lines = new TreeMap<>();
      world.events.stream().filter(e -> e.client().team() == team)
          .forEach(e -> lines.computeIfAbsent((e.product() == null ? "" : "1" + e.product().name()) + "|"
              + (e.ratedModel() == null ? "" : "1" + e.ratedModel()), k -> new ArrayList<>()).add(e));
      BigDecimal exactTotal = world.events.stream().filter(e -> e.client().team() == team).map(Event::totalCost)
          .reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal total = new BigDecimal(actual.get("total").asText());
      assertThat(total).isEqualByComparingTo(exactTotal.setScale(2, RoundingMode.HALF_EVEN));
      assertThat(actual.get("total").asText()).matches("\\d+\\.\\d{2}");
      assertThat(actual.get("lines")).hasSize(lines.size());
      BigDecimal sum = BigDecimal.ZERO;
      int i = 0;
      for (List<Event> events : lines.values()) {
        JsonNode line = actual.get("lines").get(i++);
        Event first = events.get(0);
        assertThat(line.get("product").isNull() ? null : line.get("product").asText())
            .isEqualTo(first.product() == null ? null : first.product().name());
        assertThat(line.get("model").isNull() ? null : line.get("model").asText()).isEqualTo(first.ratedModel());
        assertThat(line.get("requests").asLong()).isEqualTo(events.size());
        assertThat(line.get("prompt_tokens").asLong()).isEqualTo(events.stream().mapToLong(Event::promptTokens).sum());
        assertThat(line.get("completion_tokens").asLong())
            .isEqualTo(events.stream().mapToLong(Event::completionTokens).sum());
        BigDecimal exact = events.stream().map(Event::totalCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal cost = new BigDecimal(line.get("cost").asText());
        BigDecimal floor = exact.setScale(2, RoundingMode.DOWN);
        assertThat(cost).isIn(floor, floor.add(new BigDecimal("0.01")));
        sum = sum.add(cost);
      }
      assertThat(sum).isEqualByComparingTo(total);
    }
  }

  @Test
  void csvHasOneRowPerLineWithTheTeamColumns() throws Exception {
    HttpResponse<String> csv = world.get("chargeback?month=2026-11&format=csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"tollgate-chargeback-2026-11.csv\"");
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body())).getRecords();
    JsonNode body = world.getJson("chargeback?month=2026-11");
    int row = 0;
    for (JsonNode team : body.get("teams")) {
      for (JsonNode line : team.get("lines")) {
        CSVRecord r = records.get(row++);
        assertThat(r.get("month")).isEqualTo("2026-11");
        assertThat(r.get("currency")).isEqualTo("USD");
        assertThat(r.get("team_id")).isEqualTo(team.get("team_id").asText());
        assertThat(r.get("team")).isEqualTo(team.get("team").asText());
        assertThat(r.get("team_total")).isEqualTo(team.get("total").asText());
        assertThat(r.get("product")).isEqualTo(line.get("product").isNull() ? "" : line.get("product").asText());
        assertThat(r.get("model")).isEqualTo(line.get("model").isNull() ? "" : line.get("model").asText());
        assertThat(r.get("requests")).isEqualTo(line.get("requests").asText());
        assertThat(r.get("prompt_tokens")).isEqualTo(line.get("prompt_tokens").asText());
        assertThat(r.get("completion_tokens")).isEqualTo(line.get("completion_tokens").asText());
        assertThat(r.get("cost")).isEqualTo(line.get("cost").asText());
      }
    }
    assertThat(records).hasSize(row).isNotEmpty();
  }

  @Test
  void teamFilterAndEmptyMonths() {
    JsonNode body = world.getJson("chargeback?month=2026-11&team_id=" + world.teamB.id());
    assertThat(body.get("teams")).hasSize(1);
    assertThat(body.get("teams").get(0).get("team_id").asText()).isEqualTo(world.teamB.id().toString());
    assertThat(world.getJson("chargeback?month=2025-01").get("teams")).isEmpty();
    assertThat(world.getJson("chargeback?month=2026-11&currency=EUR").get("teams")).isEmpty();
  }
}
