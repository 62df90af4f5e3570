package dev.tollgate.examples;

import static dev.tollgate.examples.e2e.AdminApi.quota;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.examples.e2e.AdminApi;
import dev.tollgate.examples.e2e.StdOut;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every example's {@code main} against a real collector in dev mode (simulated upstream,
 * default price book), with credentials of a client created through the admin API, and checks
 * what it prints and what the collector metered.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExamplesTest {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(c -> {
    c.setDevMode(true);
    c.setClientSecretHashIterations(1000);
  });

  private static AdminApi admin;
  private static String productId;

  @BeforeAll
  static void product() {
    admin = new AdminApi("http://localhost:" + APP.getLocalPort());
    productId = admin.product("Examples", "0");
  }

  @AfterEach
  void clearEnvironment() {
    System.clearProperty("TOLLGATE_URL");
    System.clearProperty("TOLLGATE_CLIENT_ID");
    System.clearProperty("TOLLGATE_CLIENT_SECRET");
  }

  @Test
  void quickStart() throws Exception {
    AdminApi.Client client = clientOfTeam(List.of());
    String out = StdOut.capture(() -> QuickStart.main(new String[0]));
    assertThat(out).containsPattern("(?m)^model:  gpt-4o-mini\\S*$").containsPattern("(?m)^answer: \\S+")
        .containsPattern("(?m)^tokens: [1-9]\\d* prompt \\+ [1-9]\\d* completion$");
    assertMetered(client, 1);
  }

  @Test
  void streaming() throws Exception {
    AdminApi.Client client = clientOfTeam(List.of());
    String out = StdOut.capture(() -> Streaming.main(new String[0]));
    assertThat(out).containsPattern("(?m)^chunks: [1-9]\\d*$");
    assertThat(out.lines().findFirst().orElse("")).isNotBlank();
    assertMetered(client, 1);
  }

  @Test
  void responsesApi() throws Exception {
    AdminApi.Client client = clientOfTeam(List.of());
    String out = StdOut.capture(() -> ResponsesApi.main(new String[0]));
    assertThat(out).containsPattern("(?m)^model:  gpt-4o-mini\\S*$").containsPattern("(?m)^answer: \\S+")
        .containsPattern("(?m)^tokens: [1-9]\\d* input \\+ [1-9]\\d* output$");
    assertMetered(client, 1);
  }

  @Test
  void embeddings() throws Exception {
    AdminApi.Client client = clientOfTeam(List.of());
    String out = StdOut.capture(() -> Embeddings.main(new String[0]));
    assertThat(out).containsPattern("(?m)^vectors: 3 of [1-9]\\d* dimensions$")
        .containsPattern("(?m)^similarity\\(0, 1\\): -?\\d[.,]\\d{3}$")
        .containsPattern("(?m)^tokens: [1-9]\\d*$");
    assertMetered(client, 1);
  }

  @Test
  void openAiJavaWithTypedToolsAndStructuredOutputs() throws Exception {
    AdminApi.Client client = clientOfTeam(List.of());
    String out = StdOut.capture(() -> OpenAiJava.main(new String[0]));
    assertThat(out).containsPattern("(?m)^tool call: GetForecast\\(city=\\S.*\\)$")
        .containsPattern("(?m)^answer: \\S+")
        .containsPattern("(?m)^forecast: Forecast\\[city=\\S.*, highCelsius=-?\\d+, summary=\\S.*\\]$");
    // The tool call, the answer after it, the structured output: each governed and metered.
    assertMetered(client, 3);
  }

  @Test
  void configurationFromEnvironment() throws Exception {
    AdminApi.Client client = clientOfTeam(List.of());
    String out = StdOut.capture(() -> ConfigurationFromEnvironment.main(new String[0]));
    assertThat(out).containsPattern("(?m)^answer: \\S+").contains("metered with trace id trace-123");
    assertMetered(client, 1);
    JsonNode byUser = admin.get("/v1/reports/usage", AdminApi.range(Map.of("team_id", client.teamId(),
        "group_by", "end_user,tag:feature,tag:app")));
    assertThat(byUser.path("items")).singleElement().satisfies(row -> {
      assertThat(row.path("end_user").asText()).isEqualTo("u-42");
      assertThat(row.path("tag:feature").asText()).isEqualTo("summarise");
      assertThat(row.path("tag:app").asText()).isEqualTo("examples");
    });
  }

  @Test
  void handlingQuotaPrintsTheRefusalOfAHardQuota() throws Exception {
    AdminApi.Client client = clientOfTeam(List.of(quota("requests", "month", "3", "hard")));
    String out = StdOut.capture(() -> HandlingQuota.main(new String[] {"20"}));
    assertThat(out).containsSubsequence("call 1: ok", "call 2: ok", "call 3: ok",
            "call 4: refused, reason quota_exceeded")
        .containsPattern("(?m)^quota: requests per month, limit 3, used [0-3], resets at \\S+Z$")
        .doesNotContain("call 5").doesNotContain("all 20 calls admitted");
    assertMetered(client, 3);
  }

  @Test
  void langChain4jAssistantCallsItsToolAndBothCallsAreMetered() throws Exception {
    AdminApi.Client client = clientOfTeam(List.of());
    String out = StdOut.capture(() -> LangChain4jAssistant.main(new String[0]));
    assertThat(out).containsPattern("(?m)^answer: \\S+").containsPattern("(?m)^tool calls: 1$");
    assertMetered(client, 2);
  }

  private AdminApi.Client clientOfTeam(List<Map<String, Object>> quotas) {
    String teamId = admin.team("examples-" + UUID.randomUUID());
    admin.subscribe(teamId, productId, quotas);
    AdminApi.Client client = admin.client(teamId, "example");
    System.setProperty("TOLLGATE_URL", admin.baseUrl());
    System.setProperty("TOLLGATE_CLIENT_ID", client.clientId());
    System.setProperty("TOLLGATE_CLIENT_SECRET", client.clientSecret());
    return client;
  }

  /** close() flushed the usage: the collector holds exactly the example's calls, priced. */
  private static void assertMetered(AdminApi.Client client, long calls) {
    JsonNode items = admin.get("/v1/reports/transactions", AdminApi.range(Map.of("team_id", client.teamId())))
        .path("items");
    assertThat(items).hasSize((int) calls);
    for (JsonNode t : items) {
      assertThat(t.path("status_code").asInt()).isEqualTo(200);
      assertThat(t.path("unpriced").asBoolean()).isFalse();
      assertThat(t.path("client").asText()).isNotEmpty();
    }
  }
}
