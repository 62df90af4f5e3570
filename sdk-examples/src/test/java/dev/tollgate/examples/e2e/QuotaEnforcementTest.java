package dev.tollgate.examples.e2e;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.Tollgate;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disabling a client or a team, end to end: SDK, collector (quota leases of one second) and
 * WireMock as the upstream, which shows what was really sent.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QuotaEnforcementTest {

  private static final java.time.Duration LEASE_TTL = java.time.Duration.ofSeconds(1);

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(c -> {
    c.setClientSecretHashIterations(1000);
    c.setQuotaLeaseTtl(Duration.milliseconds(LEASE_TTL.toMillis()));
  });
  static final WireMockServer UPSTREAM = new WireMockServer(options().dynamicPort());

  private static AdminApi admin;
  private static String product;

  @BeforeAll
  static void setUp() {
    UPSTREAM.start();
    Upstream.answerChat(UPSTREAM);
    admin = new AdminApi("http://localhost:" + APP.getLocalPort());
    product = admin.product("Disabling checks", "0");
  }

  @AfterAll
  static void stopUpstream() {
    UPSTREAM.stop();
  }

  @Test
  void disablingTheClientStopsItWithinOneLeaseLifetime(@TempDir Path spool) {
    AdminApi.Client client = clientOfNewTeam(List.of());
    String refusal = callUntilRefused(client, spool, () -> admin.patch("/v1/admin/clients/" + client.id(),
        Map.of("status", "disabled")));
    assertThat(refusal).isEqualTo("client_disabled");
  }

  @Test
  void disablingTheTeamStopsItWithinOneLeaseLifetime(@TempDir Path spool) {
    AdminApi.Client client = clientOfNewTeam(List.of());
    String refusal = callUntilRefused(client, spool, () -> admin.patch("/v1/admin/teams/" + client.teamId(),
        Map.of("status", "disabled")));
    assertThat(refusal).isEqualTo("subscriber_disabled");
  }

  /** Calls; after the 5th call runs {@code disable}; returns the reason of the first refusal, checking when it came. */
  private String callUntilRefused(AdminApi.Client client, Path spool, Runnable disable) {
    try (Tollgate tollgate = Upstream.sdk(admin.baseUrl(), client, spool).build()) {
      for (int i = 0; i < 5; i++) {
        tollgate.chat().create(MoneyLoopTest.request("warm-up " + i));
      }
      disable.run();
      long disabledAt = System.nanoTime();
      java.time.Duration deadline = LEASE_TTL.multipliedBy(5);
      while (java.time.Duration.ofNanos(System.nanoTime() - disabledAt).compareTo(deadline) < 0) {
        try {
          tollgate.chat().create(MoneyLoopTest.request("after"));
        } catch (QuotaExceededException e) {
          java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - disabledAt);
          assertThat(took).as("refused within one lease lifetime (plus scheduling slack)")
              .isLessThan(LEASE_TTL.plusMillis(1000));
          return e.reason();
        }
        sleepQuietly(20);
      }
      throw new AssertionError("still admitted " + deadline + " after disabling");
    }
  }

  private AdminApi.Client clientOfNewTeam(List<Map<String, Object>> quotas) {
    String team = admin.team("quota-" + UUID.randomUUID());
    admin.subscribe(team, product, quotas);
    admin.providerKeyFor(team, "wiremock-" + team, UPSTREAM.baseUrl() + "/v1");
    return admin.client(team, "app");
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
