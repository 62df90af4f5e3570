package dev.tollgate.collector.credentials;

import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class TokenEndpointIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> {
        c.setAuthMaxFailures(3);
        c.setAuthFailureWindow(Duration.minutes(5));
        c.setUpstreamLeaseTtl(Duration.minutes(30));
      });
  static IngestTestData data;
  static UUID teamKey;

  @org.junit.jupiter.api.BeforeEach
  void forgetFailures() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    data.jdbi.useHandle(h -> h.execute("DELETE FROM auth_failures"));
  }

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-default-key-0000", true);
    teamKey = data.providerKey("research", "sk-research-key-9999", false);
  }

  private static HttpResponse<String> token(String clientId, String secret) {
    return data.post("/v1/auth/token", null, "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + clientId
        + "\",\"client_secret\":\"" + secret + "\"}");
  }

  @Test
  void issuesAVerifiableTokenAndTheTeamsProviderKeyAndAuditsIt() {
    UUID team = data.team("Research", "active", teamKey);
    UUID product = data.product("Research product", "0", "chat.completions");
    data.subscription(team, product, Instant.parse("2026-01-01T00:00:00Z"), null, "active");
    IngestTestData.ClientCreds c = data.client(team, "active");

    HttpResponse<String> r = token(c.clientId(), c.secret());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode body = json(r);
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").asLong()).isEqualTo(900);
    assertThat(body.get("team_id").asText()).isEqualTo(team.toString());
    assertThat(body.get("client_id").asText()).isEqualTo(c.clientId());
    assertThat(body.at("/upstream/api_key").asText()).isEqualTo("sk-research-key-9999");
    assertThat(body.at("/upstream/base_url").asText()).isEqualTo("https://api.openai.com/v1");
    assertThat(body.at("/upstream/expires_at").asText()).isEqualTo("2026-11-27T12:30:00Z");
    assertThat(data.get("/v1/quota", body.get("access_token").asText()).statusCode()).isEqualTo(200);
    String audit = data.jdbi.withHandle(h -> h.createQuery(
        "SELECT details::text FROM audit_log WHERE action = 'credential.issued' AND target_id = :id")
        .bind("id", c.id().toString()).mapTo(String.class).one());
    assertThat(audit).contains(c.clientId()).contains("research").doesNotContain("sk-research").doesNotContain(c.secret());
  }

  @Test
  void formEncodedRequestsWorkAndFallBackToTheDefaultKey() throws Exception {
    IngestTestData.ClientCreds c = data.activeClient("Form team", "0");
    HttpRequest request = HttpRequest.newBuilder(URI.create(data.baseUrl + "/v1/auth/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + c.clientId()
            + "&client_secret=" + c.secret()))
        .build();

    HttpResponse<String> r = data.http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).at("/upstream/api_key").asText()).isEqualTo("sk-default-key-0000");
  }

  @Test
  void wrongIdAndWrongSecretGetTheSameBody() {
    IngestTestData.ClientCreds c = data.activeClient("Wrong team", "0");

    HttpResponse<String> wrongSecret = token(c.clientId(), c.secret() + "x");
    HttpResponse<String> wrongId = token("tg_doesnotexist", c.secret());

    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(wrongId.statusCode()).isEqualTo(401);
    assertThat(wrongSecret.body()).isEqualTo(wrongId.body());
    assertThat(wrongSecret.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(wrongSecret.body()).doesNotContain(c.secret());
  }

  @Test
  void refusesWithTheReason() {
    IngestTestData.ClientCreds disabledClient = data.client(data.subscriptionTeam("Team A"), "disabled");
    IngestTestData.ClientCreds disabledTeam = data.client(data.team("Team B", "disabled", null), "active");
    UUID expiredTeam = data.team("Team C", "active", null);
    data.subscription(expiredTeam, data.product("C product", "0", "chat.completions"),
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"), "active");
    IngestTestData.ClientCreds expired = data.client(expiredTeam, "active");
    IngestTestData.ClientCreds none = data.client(data.team("Team D", "active", null), "active");

    assertThat(reason(disabledClient)).isEqualTo("client_disabled");
    assertThat(reason(disabledTeam)).isEqualTo("subscriber_disabled");
    assertThat(reason(expired)).isEqualTo("subscription_expired");
    assertThat(reason(none)).isEqualTo("no_subscription");
  }

  private static String reason(IngestTestData.ClientCreds c) {
    HttpResponse<String> r = token(c.clientId(), c.secret());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(402);
    return json(r).get("reason").asText();
  }

  /** Issue 15, defect 6: failures against a client id slow its failing attempts, never its right secret. */
  @Test
  void failuresAgainstAClientIdGetGrowingDelaysButTheRightSecretIsStillAccepted() {
    IngestTestData.ClientCreds c = data.activeClient("Attacked team", "0");
    for (int i = 0; i < 3; i++) {
      assertThat(token(c.clientId(), "wrong").statusCode()).isEqualTo(401);
    }
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> slowed = token(c.clientId(), "wrong");
      assertThat(slowed.statusCode()).as(slowed.body()).isEqualTo(429);
      assertThat(json(slowed).get("status").asInt()).isEqualTo(429);
      delays.add(Long.parseLong(slowed.headers().firstValue("Retry-After").orElseThrow()));
    }
    assertThat(delays).containsExactly(1L, 2L, 4L);

    assertThat(token(c.clientId(), c.secret()).statusCode()).isEqualTo(200);
  }

  /** Issue 15, defect 6: an address's failures (a NAT, a load balancer) never refuse another client's right secret. */
  @Test
  void failuresFromOneAddressSlowItsFailingAttemptsOnly() {
    for (int i = 0; i < 3; i++) {
      assertThat(token("tg_guess" + i, "wrong").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> slowed = token("tg_guess-more", "wrong");
    assertThat(slowed.statusCode()).isEqualTo(429);
    assertThat(slowed.headers().firstValue("Retry-After")).contains("1");
    IngestTestData.ClientCreds c = data.activeClient("Address team", "0");

    HttpResponse<String> r = token(c.clientId(), c.secret());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(token(c.clientId(), "wrong").statusCode()).as("the address is still past its limit").isEqualTo(429);
  }

  @Test
  void failuresAreCountedInTheDatabaseSoEveryInstanceSeesThem() {
    IngestTestData.ClientCreds c = data.activeClient("Shared team", "0");
    // Failures recorded by another instance (rows in the shared table) count here too.
    data.jdbi.useHandle(h -> {
      for (int i = 0; i < 3; i++) {
        h.createUpdate("INSERT INTO auth_failures (key, at) VALUES (:k, :at)")
            .bind("k", "client:" + c.clientId()).bind("at", ClockedApp.DEFAULT_NOW.minusSeconds(10)).execute();
      }
    });
    HttpResponse<String> r = token(c.clientId(), "wrong");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains("1");
    assertThat(token(c.clientId(), c.secret()).statusCode()).isEqualTo(200);
  }

  @Test
  void failuresOutsideTheWindowDoNotCount() {
    IngestTestData.ClientCreds c = data.activeClient("Old failures team", "0");
    for (int i = 0; i < 4; i++) {
      token(c.clientId(), "wrong");
    }
    ClockedApp.CLOCK.advance(java.time.Duration.ofMinutes(5).plusSeconds(1));
    assertThat(token(c.clientId(), "wrong").statusCode()).isEqualTo(401);
  }
}
