package dev.tollgate.collector.minting;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.lifecycle.JettyManaged;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Test fixtures for minting: an {@code openai_admin} provider key whose admin API is the
 * simulated upstream (or a front to it), teams with a subscription and a client, tokens, and
 * calls to the simulated upstream with a leased key.
 */
final class MintingWorld {

  static final String ADMIN = TestApps.ADMIN_KEY;
  static final String ADMIN_KEY_AT_OPENAI = "sk-admin-tollgate-test-0000";
  static final String PROJECT = "proj_minting";

  /** A team with one client's credentials. */
  record Team(String id, String name, String subscriptionId, String clientId, String clientSecret) {}

  /** A lease as the token endpoint gave it. */
  record Lease(String apiKey, Instant expiresAt, String provider, String baseUrl) {}

  final AdminHttp http;
  final Jdbi jdbi;
  final String mockBase;
  private final HttpClient client = HttpClient.newHttpClient();

  MintingWorld(DropwizardAppExtension<TollgateConfiguration> app, String mockBase) {
    this.http = new AdminHttp("http://localhost:" + app.getLocalPort());
    this.jdbi = Jdbi.create(app.getConfiguration().getDatabase().getUrl(), app.getConfiguration().getDatabase().getUser(),
        app.getConfiguration().getDatabase().getPassword());
    this.mockBase = mockBase;
  }

  /** The simulated upstream of a dev-mode app. */
  static String mockOf(DropwizardAppExtension<TollgateConfiguration> app) {
    return "http://localhost:" + app.getLocalPort() + "/mock/v1";
  }

  /** The reaper the app runs (tests turn its thread off and call {@link KeyReaper#runOnce()}). */
  static KeyReaper reaper(DropwizardAppExtension<TollgateConfiguration> app) {
    return app.getEnvironment().lifecycle().getManagedObjects().stream()
        .filter(JettyManaged.class::isInstance).map(m -> ((JettyManaged) m).getManaged())
        .filter(KeyReaper.class::isInstance).map(KeyReaper.class::cast).findFirst().orElseThrow();
  }

  String providerKey(String baseUrl) {
    AdminHttp.Reply key = http.post(ADMIN, "/v1/admin/provider-keys", json("{'provider':'openai_admin','name':'%s',"
        + "'base_url':'%s','api_key':'%s','project_id':'%s'}", unique("admin"), baseUrl, ADMIN_KEY_AT_OPENAI, PROJECT));
    assertThat(key.status()).as(key.body()).isEqualTo(201);
    return key.text("id");
  }

  Team team(String providerKeyId) {
    String name = unique("Team");
    String team = http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s','provider_key_id':'%s'}", name, providerKeyId))
        .text("id");
    String source = http.get(ADMIN, "/v1/admin/sources").json().path("items").get(0).path("id").asText();
    String product = http.post(ADMIN, "/v1/admin/products", json("{'name':'%s','source_ids':['%s']}", unique("p"), source))
        .text("id");
    String subscription = http.post(ADMIN, "/v1/admin/subscriptions", json("{'team_id':'%s','product_id':'%s',"
        + "'starts_at':'2020-01-01T00:00:00Z','quotas':[]}", team, product)).text("id");
    JsonNode client = http.post(ADMIN, "/v1/admin/teams/" + team + "/clients", json("{'name':'app'}")).json();
    return new Team(team, name, subscription, client.path("client_id").asText(), client.path("client_secret").asText());
  }

  AdminHttp.Reply token(Team team) {
    return http.post(null, "/v1/auth/token", json("{'grant_type':'client_credentials','client_id':'%s',"
        + "'client_secret':'%s'}", team.clientId(), team.clientSecret()));
  }

  Lease lease(Team team) {
    AdminHttp.Reply token = token(team);
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    JsonNode upstream = token.json().path("upstream");
    return new Lease(upstream.path("api_key").asText(), Instant.parse(upstream.path("expires_at").asText()),
        upstream.path("provider").asText(), upstream.path("base_url").asText());
  }

  /** A chat completion at the simulated upstream with {@code apiKey}; its status. */
  int call(String apiKey) {
    return call(apiKey, "off");
  }

  int call(String apiKey, String latency) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(mockBase + "/chat/completions"))
        .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
        .header("x-mock-latency", latency)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"Say hello\"}]}")).build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The names of the project's service accounts at the simulated upstream. */
  List<String> accounts() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(mockBase + "/organization/projects/" + PROJECT
        + "/service_accounts?limit=100")).header("Authorization", "Bearer " + ADMIN_KEY_AT_OPENAI).GET().build();
    try {
      JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
      return java.util.stream.StreamSupport.stream(body.path("data").spliterator(), false)
          .map(a -> a.path("name").asText()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a service account at the simulated upstream, as a collector's call would have; its key. */
  String createAccount(String name) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(mockBase + "/organization/projects/" + PROJECT
        + "/service_accounts")).header("Authorization", "Bearer " + ADMIN_KEY_AT_OPENAI)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build();
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("api_key").path("value")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** How many audit entries with {@code action} name the team. */
  int audits(String action, String teamId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE action = :a AND target_id = :t")
        .bind("a", action).bind("t", teamId).mapTo(Integer.class).one());
  }

  /** The team's minted keys' states, oldest first. */
  List<String> states(String teamId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT state FROM minted_keys WHERE team_id = :t ORDER BY created_at, id")
        .bind("t", UUID.fromString(teamId)).mapTo(String.class).list());
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
