package dev.tollgate.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * The conformance suite's world (its dev collector, recording upstream and admin API) for tests
 * that let Spring build the {@code Tollgate} from properties, which the suite's own scenarios
 * cannot (they build the client themselves). Lives in the suite's package to reach its helpers;
 * test scope only.
 */
public final class SpringWorld {

  /**
   * A team of the dev collector with an OpenAI key on its own upstream route.
   *
   * @param collectorUrl the collector
   * @param linkedUrl the collector through the suite's link, which {@link #collectorDown()} cuts
   * @param clientId the application's client id
   * @param clientSecret the application's client secret
   * @param teamId the team
   * @param route the team's upstream route
   * @param providerKey the key the provider must see
   */
  public record Team(String collectorUrl, String linkedUrl, String clientId, String clientSecret, String teamId,
      String route, String providerKey) {}

  private SpringWorld() {}

  /** A new team without quotas. */
  public static Team team() {
    Harness h = Harness.get();
    Harness.Team t = h.team(List.of());
    return new Team(h.collector.url(), h.link.url(), t.client().clientId(), t.client().clientSecret(),
        t.client().teamId(), t.route(), t.providerKey());
  }

  /** The {@code Authorization} header of each request the team's upstream received, in order. */
  public static List<String> upstreamAuthorizations(Team team) {
    return Harness.get().upstream.exchanges(team.route()).stream().map(x -> x.header("authorization")).toList();
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

  /** Makes the team's simulated provider behave as the mock headers say (e.g. {@code x-mock-delay-ms}). */
  public static void behave(Team team, java.util.Map<String, String> mockHeaders) {
    Harness.get().upstream.behave(team.route(), mockHeaders);
  }

  /** Cuts the client's link to the collector. */
  public static void collectorDown() {
    Harness.get().link.down();
  }

  /** Restores the client's link to the collector. */
  public static void collectorUp() {
    Harness.get().link.up();
  }
}
