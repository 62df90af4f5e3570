package dev.tollgate.examples.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.sdk.FailMode;
import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.Tollgate;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.util.Duration;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector is stopped in the middle of traffic and started again on the same port and
 * database, while WireMock (the upstream) stays up: the SDK (fail mode OPEN) keeps calling,
 * spools its usage and replays it, and every call WireMock answered is counted exactly once.
 */
class CollectorOutageTest {

  private static final Pattern CALL = Pattern.compile("(run-[0-9a-f]{8}-call-\\d+)");
  private static final WireMockServer UPSTREAM = new WireMockServer(options().dynamicPort());
  private static final TestDatabases.TestDatabase DB = TestDatabases.create();
  private static int port;
  private static DropwizardTestSupport<TollgateConfiguration> collector;
  private static AdminApi admin;
  private static String product;

  @BeforeAll
  static void start() throws Exception {
    UPSTREAM.start();
    Upstream.answerChat(UPSTREAM);
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    startCollector();
    admin = new AdminApi("http://localhost:" + port);
    product = admin.product("Outage", "0");
  }

  @AfterAll
  static void stop() {
    collector.after();
    UPSTREAM.stop();
  }

  @Test
  void theApplicationGoesOnThroughAnOutageAndEveryCallIsCountedOnce(@TempDir Path spool) throws Exception {
    AdminApi.Client client = newClient();
    String run = run();
    try (Tollgate tollgate = sdk(client, spool)) {
      calls(tollgate, run, 0, 10);
      collector.after();
      Thread.sleep(1200); // the one-second quota lease expires: admission now fails open
      calls(tollgate, run, 10, 20);
      startCollector();
      calls(tollgate, run, 20, 30);
      awaitCounted(client.teamId(), 30);
    }
    assertCountedExactlyOnce(client.teamId(), run, 30);
  }

  @Test
  void aRestartedApplicationReplaysWhatItSpooledWhileTheCollectorWasDown(@TempDir Path spool) throws Exception {
    AdminApi.Client client = newClient();
    String run = run();
    try (Tollgate first = sdk(client, spool)) {
      calls(first, run, 0, 10);
      collector.after();
      Thread.sleep(1200);
      calls(first, run, 10, 20);
    } // closed while the collector is down: the usage it could not send stays in the spool
    try (Tollgate second = sdk(client, spool)) {
      startCollector();
      calls(second, run, 20, 25);
      awaitCounted(client.teamId(), 25);
    }
    assertCountedExactlyOnce(client.teamId(), run, 25);
  }

  private static Tollgate sdk(AdminApi.Client client, Path spool) {
    return Upstream.sdk(admin.baseUrl(), client, spool)
        .failMode(FailMode.OPEN)
        .gracePeriod(java.time.Duration.ofMinutes(5))
        .connectTimeout(java.time.Duration.ofMillis(500))
        .build();
  }

  private static void calls(Tollgate tollgate, String run, int from, int to) {
    for (int i = from; i < to; i++) {
      String id = run + "-call-" + i;
      tollgate.chat().create(MoneyLoopTest.request(id), RequestOptions.builder().endUser(id).build());
    }
  }

  /** Waits (the shipper backs off while the collector is down) until the collector counted {@code n} calls. */
  private static void awaitCounted(String teamId, long n) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(40);
    while (admin.usageSum(teamId, "requests") < n && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
  }

  /** The calls WireMock answered for this run equal the collector's events, one each. */
  private static void assertCountedExactlyOnce(String teamId, String run, int n) {
    Map<String, Long> upstream = UPSTREAM.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
        .map(LoggedRequest::getBodyAsString).map(CALL::matcher).filter(Matcher::find).map(m -> m.group(1))
        .filter(id -> id.startsWith(run)).collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    assertThat(upstream).hasSize(n).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));

    Map<String, Long> counted = new HashMap<>();
    for (JsonNode row : admin.get("/v1/reports/usage", AdminApi.range(Map.of("team_id", teamId, "group_by", "end_user")))
        .path("items")) {
      counted.put(row.path("end_user").asText(), row.path("requests").asLong());
    }
    assertThat(counted).isEqualTo(upstream);
    assertThat(admin.get("/v1/reports/transactions", AdminApi.range(Map.of("team_id", teamId, "limit", "1000")))
        .path("items")).hasSize(n);
  }

  private static AdminApi.Client newClient() {
    String team = admin.team("outage-" + UUID.randomUUID());
    admin.subscribe(team, product, List.of());
    admin.providerKeyFor(team, "wiremock-" + team, UPSTREAM.baseUrl() + "/v1");
    return admin.client(team, "steady-app");
  }

  private static String run() {
    return "run-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void startCollector() throws Exception {
    TollgateConfiguration config = TestApps.config(DB, c -> {
      c.setClientSecretHashIterations(1000);
      c.setQuotaLeaseTtl(Duration.seconds(1));
      DefaultServerFactory server = (DefaultServerFactory) c.getServerFactory();
      ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).setPort(port);
    });
    collector = new DropwizardTestSupport<>(TollgateApplication.class, config);
    collector.before();
  }
}
