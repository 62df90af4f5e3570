package dev.tollgate.collector.minting;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code azure_entra} provider keys: the lease carries an Entra ID access token obtained with the
 * key's client credentials (from the simulated Entra ID), never the client secret, and the
 * token works at the simulated Azure OpenAI while a made-up one does not.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AzureEntraIT {

  static final int PORT = freePort();
  static final String SECRET = "entra-client-secret-value-wxyz";
  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(c -> {
    c.setDevMode(true);
    c.setDevMockLatency("off");
    c.setClientSecretHashIterations(1000);
    c.getMinting().setReaperEnabled(false);
    c.getMinting().setEntraAuthority("http://localhost:" + PORT + "/mock/entra");
    ((HttpConnectorFactory) ((DefaultServerFactory) c.getServerFactory()).getApplicationConnectors().get(0))
        .setPort(PORT);
  });

  static MintingWorld world;

  @BeforeAll
  static void setUp() {
    world = new MintingWorld(APP, MintingWorld.mockOf(APP));
  }

  private static AdminHttp.Reply createKey(String extra) {
    return world.http.post(MintingWorld.ADMIN, "/v1/admin/provider-keys", json("{'provider':'azure_entra',"
        + "'name':'%s','base_url':'http://localhost:%d/mock/azure','api_version':'2024-10-21'%s}",
        MintingWorld.unique("entra"), PORT, extra));
  }

  @Test
  void theLeaseCarriesAnEntraTokenThatWorksNeverTheSecret() {
    AdminHttp.Reply key = createKey(",'tenant_id':'contoso.onmicrosoft.com','client_id':'"
        + "11111111-2222-3333-4444-555555555555','client_secret':'" + SECRET + "'");
    assertThat(key.status()).as(key.body()).isEqualTo(201);
    assertThat(key.text("tenant_id")).isEqualTo("contoso.onmicrosoft.com");
    assertThat(key.body()).doesNotContain(SECRET);
    MintingWorld.Team team = world.team(key.text("id"));
    Instant before = Instant.now();

    AdminHttp.Reply token = world.token(team);

    assertThat(token.status()).as(token.body()).isEqualTo(200);
    JsonNode upstream = token.json().path("upstream");
    assertThat(upstream.path("provider").asText()).isEqualTo("azure_entra");
    assertThat(upstream.path("api_key").asText()).startsWith("mock-entra-");
    assertThat(upstream.path("api_version").asText()).isEqualTo("2024-10-21");
    assertThat(token.body()).doesNotContain(SECRET);
    assertThat(Instant.parse(upstream.path("expires_at").asText()))
        .isBefore(before.plus(Duration.ofMinutes(16)));
    assertThat(azureCall("Bearer " + upstream.path("api_key").asText())).isEqualTo(200);
    assertThat(azureCall("Bearer mock-entra-made-up")).isEqualTo(401);
    assertThat(world.token(team).json().path("upstream").path("api_key").asText())
        .as("one token shared until it nears expiry").isEqualTo(upstream.path("api_key").asText());
  }

  @Test
  void wrongFieldsAre422sNamingTheField() {
    assertThat(createKey(",'tenant_id':'t','client_id':'c'")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("client_secret");
    });
    assertThat(createKey(",'client_id':'c','client_secret':'s'")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("tenant_id");
    });
    assertThat(createKey(",'tenant_id':'t','client_id':'c','client_secret':'s','api_key':'k'")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("api_key");
    });
    assertThat(world.http.post(MintingWorld.ADMIN, "/v1/admin/provider-keys", json("{'provider':'openai',"
        + "'name':'%s','base_url':'https://api.openai.com/v1','api_key':'sk-1234','tenant_id':'t'}",
        MintingWorld.unique("plain")))).satisfies(r -> {
          assertThat(r.status()).isEqualTo(422);
          assertThat(r.body()).contains("tenant_id");
        });
  }

  private static int azureCall(String authorization) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + PORT
            + "/mock/azure/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21"))
        .header("Authorization", authorization).header("Content-Type", "application/json").header("x-mock-latency", "off")
        .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
