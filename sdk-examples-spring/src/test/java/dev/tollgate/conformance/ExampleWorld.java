package dev.tollgate.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * The conformance suite's dev collector (a child process) and admin API for the example's test;
 * in the suite's package to reach its helpers, test scope only.
 */
public final class ExampleWorld {

  /**
   * A team's client.
   *
   * @param collectorUrl the collector
   * @param clientId the client id
   * @param clientSecret the client secret
   * @param teamId the team
   */
  public record Team(String collectorUrl, String clientId, String clientSecret, String teamId) {}

  private ExampleWorld() {}

  /**
   * A new team with an OpenAI key on the collector's simulated provider; its client talks to the
   * collector directly (no outage relay).
   */
  public static Team team() {
    Harness h = Harness.get();
    Harness.Team t = h.team(List.of());
    return new Team(h.collector.url(), t.client().clientId(), t.client().clientSecret(), t.client().teamId());
  }

  /** The team's usage events once there are {@code n} (or after 30 s). */
  public static List<JsonNode> events(Team team, int n) {
    Harness h = Harness.get();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<JsonNode> events = h.admin.transactions(team.teamId());
    while (events.size() < n && System.nanoTime() < deadline) {
      Harness.pause(Duration.ofMillis(200));
      events = h.admin.transactions(team.teamId());
    }
    return events;
  }
}
