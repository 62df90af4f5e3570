package dev.tollgate.collector.minting;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The provider's admin API failing (5xx, timeouts) behind a {@link FaultyFront}: calls are never
 * blocked while a valid key exists, failures are retried with backoff and show in the
 * {@code minted-keys} health check and the minted-keys endpoint, and a mint that timed out
 * leaves no orphaned account.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MintingFailuresIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> {
        c.setDevMode(true);
        c.setDevMockLatency("off");
        c.setClientSecretHashIterations(1000);
        c.getMinting().setReaperEnabled(false);
        c.getMinting().setRequestTimeout(io.dropwizard.util.Duration.seconds(1));
        c.getMinting().setLockWait(io.dropwizard.util.Duration.seconds(5));
      });
  static final Duration PERIOD = Duration.ofHours(24);

  static MintingWorld world;
  static FaultyFront front;
  static String providerKey;

  @BeforeAll
  static void setUp() throws Exception {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    world = new MintingWorld(APP, MintingWorld.mockOf(APP));
    front = new FaultyFront("http://localhost:" + APP.getLocalPort(), Duration.ofSeconds(3));
    providerKey = world.providerKey(front.base() + "/mock/v1");
  }

  @AfterAll
  static void tearDown() {
    front.close();
  }

  /** Leaves nothing owed for the next test: the admin API works again and every due retry has run. */
  @AfterEach
  void settle() {
    front.mode(FaultyFront.Mode.PASS);
    ClockedApp.CLOCK.advance(Duration.ofHours(2));
    MintingWorld.reaper(APP).runOnce();
  }

  @Test
  void aFailingAdminApiNeverBlocksLeasesWhileAKeyIsValid() throws Exception {
    MintingWorld.Team team = world.team(providerKey);
    String key = world.lease(team).apiKey();
    front.mode(FaultyFront.Mode.FAIL);

    ClockedApp.CLOCK.advance(PERIOD.plusMinutes(1));
    MintingWorld.reaper(APP).runOnce();

    assertThat(world.lease(team).apiKey()).as("still leased while rotation fails").isEqualTo(key);
    assertThat(world.call(key)).isEqualTo(200);
    assertThat(health().path("minted-keys").path("healthy").asBoolean()).isFalse();
    JsonNode row = mintedKey(team.id(), "active");
    assertThat(row.path("attempts").asInt()).isEqualTo(1);
    assertThat(row.path("last_error").asText()).contains("HTTP 500");

    // Past the key's first scheduled deletion: the failing rotation postponed it, the key still works.
    ClockedApp.CLOCK.advance(Duration.ofMinutes(45));
    MintingWorld.reaper(APP).runOnce();
    MintingWorld.Lease lease = world.lease(team);
    assertThat(lease.apiKey()).isEqualTo(key);
    assertThat(lease.expiresAt()).isAfter(ClockedApp.CLOCK.instant());
    assertThat(world.call(key)).isEqualTo(200);
    assertThat(mintedKey(team.id(), "active").path("attempts").asInt()).isEqualTo(2);

    front.mode(FaultyFront.Mode.PASS);
    ClockedApp.CLOCK.advance(Duration.ofMinutes(5));
    MintingWorld.reaper(APP).runOnce();

    assertThat(world.lease(team).apiKey()).as("rotated once the API answers").isNotEqualTo(key);
    assertThat(health().path("minted-keys").path("healthy").asBoolean()).isTrue();
  }

  @Test
  void aFailedDeletionIsRetriedWithBackoffAndShowsUntilItSucceeds() throws Exception {
    MintingWorld.Team team = world.team(providerKey);
    String key = world.lease(team).apiKey();
    front.mode(FaultyFront.Mode.FAIL);

    AdminHttp.Reply disabled = world.http.patch(MintingWorld.ADMIN, "/v1/admin/teams/" + team.id(),
        json("{'status':'disabled'}"));

    assertThat(disabled.status()).as("disabling is not blocked by the provider").isEqualTo(200);
    assertThat(world.call(key)).as("not deleted yet: the provider failed").isEqualTo(200);
    assertThat(health().path("minted-keys").path("healthy").asBoolean()).isFalse();
    assertThat(mintedKey(team.id(), "retiring").path("attempts").asInt()).isEqualTo(1);

    MintingWorld.reaper(APP).runOnce();
    assertThat(attempts(team.id())).as("not retried before its backoff").isEqualTo(1);
    ClockedApp.CLOCK.advance(Duration.ofSeconds(31));
    MintingWorld.reaper(APP).runOnce();
    assertThat(attempts(team.id())).isEqualTo(2);
    ClockedApp.CLOCK.advance(Duration.ofSeconds(31));
    MintingWorld.reaper(APP).runOnce();
    assertThat(attempts(team.id())).as("the backoff doubled to 60 s").isEqualTo(2);

    front.mode(FaultyFront.Mode.PASS);
    ClockedApp.CLOCK.advance(Duration.ofSeconds(30));
    MintingWorld.reaper(APP).runOnce();

    assertThat(world.call(key)).isEqualTo(401);
    assertThat(world.states(team.id())).containsExactly("deleted");
    assertThat(world.audits("minted_key.delete_failed", team.id())).isEqualTo(1);
    assertThat(world.audits("minted_key.deleted", team.id())).isEqualTo(1);
    assertThat(health().path("minted-keys").path("healthy").asBoolean()).isTrue();
  }

  @Test
  void withoutAKeyAFailingAdminApiIsA503() {
    MintingWorld.Team team = world.team(providerKey);
    front.mode(FaultyFront.Mode.FAIL);

    AdminHttp.Reply token = world.token(team);

    assertThat(token.status()).isEqualTo(503);
    assertThat(token.contentType()).startsWith("application/problem+json");
    assertThat(token.body()).contains("upstream-key-unavailable").doesNotContain(MintingWorld.ADMIN_KEY_AT_OPENAI);

    // A client asking again in a loop does not make the collector ask the provider again at once.
    for (int i = 0; i < 5; i++) {
      assertThat(world.token(team).status()).isEqualTo(503);
    }
    assertThat(world.states(team.id())).as("one mint attempted in the retry window").hasSize(1);
    ClockedApp.CLOCK.advance(Minter.MINT_RETRY_AFTER);
    front.mode(FaultyFront.Mode.PASS);
    assertThat(world.token(team).status()).isEqualTo(200);
  }

  @Test
  void aMintThatTimedOutLeavesNoOrphanedAccount() {
    MintingWorld.Team team = world.team(providerKey);
    String prefix = "tollgate-" + team.name().toLowerCase() + "-";
    front.mode(FaultyFront.Mode.HANG);

    AdminHttp.Reply token = world.token(team);

    assertThat(token.status()).isEqualTo(503);
    assertThat(world.accounts()).as("the provider made the account though the collector gave up")
        .filteredOn(n -> n.startsWith(prefix)).hasSize(1);
    assertThat(world.states(team.id())).containsExactly("minting");

    front.mode(FaultyFront.Mode.PASS);
    MintingWorld.reaper(APP).runOnce();

    assertThat(world.accounts()).filteredOn(n -> n.startsWith(prefix)).isEmpty();
    assertThat(world.states(team.id())).containsExactly("deleted");
    assertThat(world.audits("minted_key.undone", team.id())).isEqualTo(1);
    ClockedApp.CLOCK.advance(Minter.MINT_RETRY_AFTER);
    assertThat(world.call(world.lease(team).apiKey())).isEqualTo(200);
  }

  private static int attempts(String teamId) {
    return world.jdbi.withHandle(h -> h.createQuery("SELECT attempts FROM minted_keys WHERE team_id = :t")
        .bind("t", UUID.fromString(teamId)).mapTo(Integer.class).one());
  }

  private static JsonNode mintedKey(String teamId, String state) {
    JsonNode items = world.http.get(MintingWorld.ADMIN, "/v1/admin/provider-keys/" + providerKey
        + "/minted-keys?limit=100").json().path("items");
    return StreamSupport.stream(items.spliterator(), false)
        .filter(i -> i.path("team_id").asText().equals(teamId) && i.path("state").asText().equals(state))
        .findFirst().orElseThrow(() -> new AssertionError("no " + state + " key for team " + teamId + " in " + items));
  }

  private static JsonNode health() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + APP.getAdminPort() + "/healthcheck")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }
}
