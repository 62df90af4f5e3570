package dev.tollgate.collector.minting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two collector instances on one database never mint two keys for one team at once: not for
 * the first lease, asked of both at the same moment, nor for a rotation both reapers find due.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TwoInstancesMintOnceIT {

  static final TestDatabases.TestDatabase DB = TestDatabases.create();
  static final DropwizardAppExtension<TollgateConfiguration> FIRST =
      TestApps.app(ClockedApp.class, DB, c -> {
        c.setDevMode(true);
        c.setDevMockLatency("off");
        c.setClientSecretHashIterations(1000);
        c.getMinting().setReaperEnabled(false);
      });
  static final DropwizardAppExtension<TollgateConfiguration> SECOND =
      TestApps.app(ClockedApp.class, DB, c -> {
        c.setClientSecretHashIterations(1000);
        c.getMinting().setReaperEnabled(false);
      });

  static MintingWorld world;
  static AdminHttp second;
  static String providerKey;
  static ExecutorService pool = Executors.newFixedThreadPool(12);

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    world = new MintingWorld(FIRST, MintingWorld.mockOf(FIRST));
    second = new AdminHttp("http://localhost:" + SECOND.getLocalPort());
    providerKey = world.providerKey(MintingWorld.mockOf(FIRST));
  }

  @AfterAll
  static void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void leasesAskedOfBothInstancesAtOnceMintOneKey() throws Exception {
    MintingWorld.Team team = world.team(providerKey);
    String body = AdminHttp.json("{'grant_type':'client_credentials','client_id':'%s','client_secret':'%s'}",
        team.clientId(), team.clientSecret());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<AdminHttp.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      AdminHttp instance = i % 2 == 0 ? world.http : second;
      replies.add(pool.submit(() -> {
        start.await();
        return instance.post(null, "/v1/auth/token", body);
      }));
    }
    start.countDown();

    Set<String> keys = new HashSet<>();
    for (Future<AdminHttp.Reply> reply : replies) {
      AdminHttp.Reply r = reply.get();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      keys.add(r.json().path("upstream").path("api_key").asText());
    }
    assertThat(keys).hasSize(1);
    assertThat(world.states(team.id())).containsExactly("active");
    assertThat(world.accounts()).filteredOn(n -> n.startsWith("tollgate-" + team.name().toLowerCase() + "-"))
        .hasSize(1);
  }

  @Test
  void bothReapersFindingARotationDueMintOneSuccessor() throws Exception {
    MintingWorld.Team team = world.team(providerKey);
    String old = world.lease(team).apiKey();
    ClockedApp.CLOCK.advance(Duration.ofHours(25));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> passes = new ArrayList<>();
    for (KeyReaper reaper : List.of(MintingWorld.reaper(FIRST), MintingWorld.reaper(SECOND),
        MintingWorld.reaper(FIRST), MintingWorld.reaper(SECOND))) {
      passes.add(pool.submit((Callable<Void>) () -> {
        start.await();
        reaper.runOnce();
        return null;
      }));
    }
    start.countDown();
    for (Future<?> pass : passes) {
      pass.get();
    }

    assertThat(world.states(team.id())).containsExactly("retiring", "active");
    assertThat(world.accounts()).filteredOn(n -> n.startsWith("tollgate-" + team.name().toLowerCase() + "-"))
        .hasSize(2);
    assertThat(world.lease(team).apiKey()).isNotEqualTo(old);
  }
}
