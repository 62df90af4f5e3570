package dev.tollgate.collector.minting;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keys minted per team against the simulated upstream's admin API, over real HTTP and a real
 * PostgreSQL: leased instead of the admin key, rotated with an overlap, deleted at once when the
 * team may no longer have them, and half-done mints undone.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MintedKeysIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> {
        c.setDevMode(true);
        c.setDevMockLatency("off");
        c.setClientSecretHashIterations(1000);
        c.getMinting().setReaperEnabled(false);
      });
  static final Duration PERIOD = Duration.ofHours(24);
  static final Duration OVERLAP = Duration.ofMinutes(30);

  static MintingWorld world;
  static String providerKey;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    world = new MintingWorld(APP, MintingWorld.mockOf(APP));
    providerKey = world.providerKey(MintingWorld.mockOf(APP));
  }

  @BeforeEach
  void resetClock() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
  }

  @Test
  void aLeaseCarriesAKeyMintedForTheTeamNeverTheAdminKey() {
    MintingWorld.Team team = world.team(providerKey);

    MintingWorld.Lease lease = world.lease(team);

    assertThat(lease.apiKey()).startsWith("sk-svcacct-").isNotEqualTo(MintingWorld.ADMIN_KEY_AT_OPENAI);
    assertThat(lease.provider()).isEqualTo("openai");
    assertThat(lease.baseUrl()).isEqualTo(world.mockBase);
    assertThat(lease.expiresAt()).isEqualTo(ClockedApp.DEFAULT_NOW.plus(Duration.ofMinutes(15)));
    assertThat(world.call(lease.apiKey())).isEqualTo(200);
    assertThat(world.lease(team).apiKey()).as("the same key until rotation").isEqualTo(lease.apiKey());
    assertThat(world.audits("minted_key.minted", team.id())).isEqualTo(1);
    assertThat(world.accounts()).filteredOn(n -> n.startsWith("tollgate-" + team.name().toLowerCase()))
        .hasSize(1);
    JsonNode listed = world.http.get(MintingWorld.ADMIN, "/v1/admin/provider-keys/" + providerKey + "/minted-keys?limit=100")
        .json();
    assertThat(listed.toString()).doesNotContain(lease.apiKey()).doesNotContain(MintingWorld.ADMIN_KEY_AT_OPENAI)
        .contains(lease.apiKey().substring(lease.apiKey().length() - 4));
    String audit = world.jdbi.withHandle(h -> h.createQuery("SELECT string_agg(details::text, ' ') FROM audit_log")
        .mapTo(String.class).one());
    assertThat(audit).doesNotContain(lease.apiKey()).doesNotContain(MintingWorld.ADMIN_KEY_AT_OPENAI);
  }

  @Test
  void aLeaseNeverOutlivesTheKeysScheduledDeletion() {
    MintingWorld.Team team = world.team(providerKey);
    String key = world.lease(team).apiKey();
    Instant deletion = ClockedApp.DEFAULT_NOW.plus(PERIOD).plus(OVERLAP);

    // Past the rotation time, before any reaper ran: the key is still leased, but only until it is deleted.
    ClockedApp.CLOCK.set(deletion.minus(Duration.ofMinutes(10)));
    MintingWorld.Lease late = world.lease(team);

    assertThat(late.apiKey()).isEqualTo(key);
    assertThat(late.expiresAt()).isEqualTo(deletion);
  }

  @Test
  void rotationMintsASuccessorAndTheOldKeyStopsWorkingAfterTheOverlap() {
    MintingWorld.Team team = world.team(providerKey);
    String old = world.lease(team).apiKey();

    ClockedApp.CLOCK.advance(PERIOD.plusMinutes(1));
    MintingWorld.reaper(APP).runOnce();
    String successor = world.lease(team).apiKey();

    assertThat(successor).isNotEqualTo(old);
    assertThat(world.call(old)).as("within the overlap").isEqualTo(200);
    assertThat(world.states(team.id())).containsExactly("retiring", "active");

    ClockedApp.CLOCK.advance(OVERLAP.plusMinutes(1));
    MintingWorld.reaper(APP).runOnce();

    assertThat(world.call(old)).as("after the overlap").isEqualTo(401);
    assertThat(world.call(successor)).isEqualTo(200);
    assertThat(world.states(team.id())).containsExactly("deleted", "active");
    assertThat(world.audits("minted_key.rotated", team.id())).isEqualTo(1);
    assertThat(world.audits("minted_key.deleted", team.id())).isEqualTo(1);
  }

  @Test
  void callsThatFollowTheirLeaseNeverFailWhileKeysRotate() throws Exception {
    MintingWorld.Team team = world.team(providerKey);
    List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    Set<String> keysUsed = Collections.synchronizedSet(new HashSet<>());
    AtomicBoolean running = new AtomicBoolean(true);
    // An application as the SDK runs it: it renews its lease a minute ahead of expiry and calls all along.
    Thread app = new Thread(() -> {
      MintingWorld.Lease lease = world.lease(team);
      while (running.get()) {
        if (!ClockedApp.CLOCK.instant().isBefore(lease.expiresAt().minus(Duration.ofMinutes(1)))) {
          lease = world.lease(team);
        }
        keysUsed.add(lease.apiKey());
        statuses.add(world.call(lease.apiKey()));
      }
    });
    app.start();
    try {
      awaitMoreCalls(statuses, 3);
      ClockedApp.CLOCK.advance(PERIOD);
      MintingWorld.reaper(APP).runOnce();
      for (int minute = 0; minute <= OVERLAP.toMinutes() + 10; minute += 5) {
        awaitMoreCalls(statuses, 3);
        ClockedApp.CLOCK.advance(Duration.ofMinutes(5));
        MintingWorld.reaper(APP).runOnce();
      }
      awaitMoreCalls(statuses, 3);
    } finally {
      running.set(false);
      app.join();
    }

    assertThat(world.states(team.id())).containsExactly("deleted", "active");
    assertThat(keysUsed).hasSize(2);
    assertThat(statuses).isNotEmpty().allMatch(s -> s == 200);
  }

  /** Waits until the application thread made {@code n} more calls (it runs on the wall clock, the collector not). */
  private static void awaitMoreCalls(List<Integer> statuses, int n) throws InterruptedException {
    int target = statuses.size() + n;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (statuses.size() < target && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(statuses.size()).as("calls made").isGreaterThanOrEqualTo(target);
  }

  @Test
  void disablingTheTeamDeletesItsKeyAtOnce() {
    MintingWorld.Team team = world.team(providerKey);
    String key = world.lease(team).apiKey();
    assertThat(world.call(key)).isEqualTo(200);

    assertThat(world.http.patch(MintingWorld.ADMIN, "/v1/admin/teams/" + team.id(), json("{'status':'disabled'}"))
        .status()).isEqualTo(200);

    assertThat(world.call(key)).isEqualTo(401);
    assertThat(world.states(team.id())).containsExactly("deleted");
    assertThat(world.audits("minted_key.revoked", team.id())).isEqualTo(1);
    assertThat(world.audits("minted_key.deleted", team.id())).isEqualTo(1);
  }

  @Test
  void theEndOfTheSubscriptionDeletesTheKeyAtOnce() {
    MintingWorld.Team team = world.team(providerKey);
    String key = world.lease(team).apiKey();

    assertThat(world.http.patch(MintingWorld.ADMIN, "/v1/admin/subscriptions/" + team.subscriptionId(),
        json("{'status':'disabled'}")).status()).isEqualTo(200);

    assertThat(world.call(key)).isEqualTo(401);
    assertThat(world.states(team.id())).containsExactly("deleted");
  }

  @Test
  void aSubscriptionThatRunsOutIsFoundByTheReaper() {
    MintingWorld.Team team = world.team(providerKey);
    world.http.patch(MintingWorld.ADMIN, "/v1/admin/subscriptions/" + team.subscriptionId(),
        json("{'expires_at':'%s'}", ClockedApp.DEFAULT_NOW.plus(Duration.ofHours(1))));
    String key = world.lease(team).apiKey();

    ClockedApp.CLOCK.advance(Duration.ofHours(2));
    MintingWorld.reaper(APP).runOnce();

    assertThat(world.call(key)).isEqualTo(401);
    assertThat(world.states(team.id())).containsExactly("deleted");
  }

  @Test
  void aMintLeftHalfDoneByAStoppedCollectorIsUndoneByTheNextPass() {
    MintingWorld.Team team = world.team(providerKey);
    // What a collector that stopped right after the provider answered leaves: the intent, and the account.
    UUID id = UUID.randomUUID();
    String name = "tollgate-crashed-" + id.toString().substring(0, 8);
    world.jdbi.useHandle(h -> h.createUpdate("INSERT INTO minted_keys (id, team_id, provider_key_id, base_url, "
            + "project_id, account_name, state, created_at, rotate_at, delete_at) VALUES (:id, :team, :key, :base, "
            + ":project, :name, 'minting', :at, :at, :at)")
        .bind("id", id).bind("team", UUID.fromString(team.id())).bind("key", UUID.fromString(providerKey))
        .bind("base", world.mockBase).bind("project", MintingWorld.PROJECT).bind("name", name)
        .bind("at", ClockedApp.DEFAULT_NOW).execute());
    String orphanKey = world.createAccount(name);
    assertThat(world.accounts()).contains(name);

    MintingWorld.reaper(APP).runOnce();

    assertThat(world.accounts()).doesNotContain(name);
    assertThat(world.call(orphanKey)).isEqualTo(401);
    assertThat(world.states(team.id())).containsExactly("deleted");
    assertThat(world.audits("minted_key.undone", team.id())).isEqualTo(1);
    assertThat(world.lease(team).apiKey()).as("the team still gets a key").startsWith("sk-svcacct-");
  }

  @Test
  void rotateRequestsASuccessorForEveryTeamAndStaticKeysRefuseIt() {
    MintingWorld.Team team = world.team(providerKey);
    String old = world.lease(team).apiKey();

    var rotate = world.http.post(MintingWorld.ADMIN, "/v1/admin/provider-keys/" + providerKey + "/rotate", null);
    assertThat(rotate.status()).as(rotate.body()).isEqualTo(202);
    assertThat(rotate.json().path("rotating").asInt()).isPositive();
    MintingWorld.reaper(APP).runOnce();

    assertThat(world.lease(team).apiKey()).isNotEqualTo(old);
    String plain = world.http.post(MintingWorld.ADMIN, "/v1/admin/provider-keys", json("{'provider':'openai',"
        + "'name':'%s','base_url':'https://api.openai.com/v1','api_key':'sk-plain-0000'}", MintingWorld.unique("plain")))
        .text("id");
    assertThat(world.http.post(MintingWorld.ADMIN, "/v1/admin/provider-keys/" + plain + "/rotate", null).status())
        .isEqualTo(409);
  }
}
