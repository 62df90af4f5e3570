package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.reports.ReportsTestData.Event;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client token sees its own team in every report, and nothing of another team's. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReportsAccessIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();
  static final String NOVEMBER = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";

  static ReportsFixture world;
  static String tokenA;
  static String teamA;
  static String teamB;

  @BeforeAll
  static void load() {
    world = new ReportsFixture(APP, 61).load(200);
    tokenA = world.clientToken(world.a2);
    teamA = world.teamA.id().toString();
    teamB = world.teamB.id().toString();
  }

  @Test
  void transactionsShowOnlyTheOwnTeam() {
    JsonNode items = world.getJson("transactions?" + NOVEMBER + "&limit=1000", tokenA).get("items");
    long own = world.events.stream().filter(e -> e.client().team() == world.teamA).count();
    assertThat(items).hasSize((int) own);
    items.forEach(item -> assertThat(item.get("team_id").asText()).isEqualTo(teamA));

    assertThat(world.getJson("transactions?" + NOVEMBER + "&team_id=" + teamB, tokenA).get("items")).isEmpty();
    assertThat(world.getJson("transactions?" + NOVEMBER + "&client_id=" + world.b1.publicId(), tokenA)
        .get("items")).isEmpty();
    assertThat(world.getJson("transactions?" + NOVEMBER + "&team_id=" + teamB + "&team_id=" + teamA + "&limit=1000", tokenA)
        .get("items")).hasSize((int) own);
    HttpResponse<String> csv = world.get("transactions?" + NOVEMBER + "&format=csv", tokenA);
    assertThat(csv.body()).doesNotContain(teamB).doesNotContain(world.teamB.name()).contains(teamA);
  }

  @Test
  void anotherTeamsTransactionIsNotFound() {
    Event other = world.events.stream().filter(e -> e.client().team() == world.teamB).findFirst().orElseThrow();
    Event own = world.events.stream().filter(e -> e.client().team() == world.teamA).findFirst().orElseThrow();
    HttpResponse<String> response = world.get("transactions/" + other.id(), tokenA);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain(teamB);
    assertThat(world.getJson("transactions/" + own.id(), tokenA).get("id").asText()).isEqualTo(own.id().toString());
  }

  @Test
  void usageAndPerformanceShowOnlyTheOwnTeam() {
    for (String report : List.of("usage?" + NOVEMBER + "&group_by=team,client,end_user",
        "usage?" + NOVEMBER + "&group_by=team,day", "performance?" + NOVEMBER + "&group_by=team",
        "performance?" + NOVEMBER + "&group_by=client&interval=day")) {
      JsonNode items = world.getJson(report, tokenA).get("items");
      assertThat(items).as(report).isNotEmpty();
      Set<String> teams = new java.util.HashSet<>();
      Set<String> clients = new java.util.HashSet<>();
      items.forEach(item -> {
        if (item.has("team_id")) {
          teams.add(item.get("team_id").asText());
        }
        if (item.has("client_id")) {
          clients.add(item.get("client_id").asText());
        }
      });
      assertThat(teams).as(report).isSubsetOf(teamA);
      assertThat(clients).as(report).isSubsetOf(world.a1.publicId(), world.a2.publicId());
      assertThat(world.getJson(report + "&team_id=" + teamB, tokenA).get("items")).as(report).isEmpty();
    }
    long own = world.events.stream().filter(e -> e.client().team() == world.teamA).count();
    JsonNode total = world.getJson("usage?" + NOVEMBER, tokenA).get("items");
    assertThat(total.get(0).get("requests").asLong()).isEqualTo(own);
  }

  @Test
  void chargebackShowsOnlyTheOwnTeam() {
    JsonNode teams = world.getJson("chargeback?month=2026-11", tokenA).get("teams");
    assertThat(teams).hasSize(1);
    assertThat(teams.get(0).get("team_id").asText()).isEqualTo(teamA);
    assertThat(world.getJson("chargeback?month=2026-11&team_id=" + teamB, tokenA).get("teams")).isEmpty();
    Set<String> all = java.util.stream.StreamSupport.stream(
            world.getJson("chargeback?month=2026-11").get("teams").spliterator(), false)
        .map(t -> t.get("team_id").asText()).collect(Collectors.toSet());
    assertThat(all).contains(teamA, teamB);
  }

  @Test
  void financeSeesEveryTeamAndStrangersNothing() {
    JsonNode items = world.getJson("usage?" + NOVEMBER + "&group_by=team").get("items");
    assertThat(items).hasSize(3);
    assertThat(world.get("usage?" + NOVEMBER, null).statusCode()).isEqualTo(401);
    assertThat(world.get("usage?" + NOVEMBER, "tgk_not-a-key").statusCode()).isEqualTo(401);
  }
}
