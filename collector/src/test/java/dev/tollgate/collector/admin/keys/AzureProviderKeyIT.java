package dev.tollgate.collector.admin.keys;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Azure OpenAI provider keys carry an {@code api_version} (required) and {@code deployments}
 * (optional), and a team's token response hands both to the SDK in its upstream lease.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AzureProviderKeyIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(config -> config.setClientSecretHashIterations(1000));
  static final String ADMIN = TestApps.ADMIN_KEY;

  static AdminHttp http;

  @BeforeAll
  static void setUp() {
    http = new AdminHttp("http://localhost:" + APP.getLocalPort());
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static AdminHttp.Reply createKey(String provider, String extra) {
    return http.post(ADMIN, "/v1/admin/provider-keys", json("{'provider':'%s','name':'%s',"
        + "'base_url':'https://contoso.openai.azure.com','api_key':'azure-secret-key-1234'%s}",
        provider, unique("key"), extra));
  }

  @Test
  void anAzureKeyIsLeasedWithItsApiVersionAndDeployments() {
    var key = createKey("azure_openai", ",'api_version':'2024-10-21','deployments':{'gpt-4o-mini':'chat-prod'}");
    assertThat(key.status()).isEqualTo(201);
    assertThat(key.text("api_version")).isEqualTo("2024-10-21");
    assertThat(key.json().path("deployments").path("gpt-4o-mini").asText()).isEqualTo("chat-prod");
    String team = http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s','provider_key_id':'%s'}",
        unique("azure-team"), key.text("id"))).text("id");
    String source = http.get(ADMIN, "/v1/admin/sources").json().path("items").get(0).path("id").asText();
    String product = http.post(ADMIN, "/v1/admin/products", json("{'name':'%s','source_ids':['%s']}", unique("p"), source))
        .text("id");
    http.post(ADMIN, "/v1/admin/subscriptions", json("{'team_id':'%s','product_id':'%s','starts_at':'2020-01-01T00:00:00Z',"
        + "'quotas':[]}", team, product));
    JsonNode client = http.post(ADMIN, "/v1/admin/teams/" + team + "/clients", json("{'name':'app'}")).json();

    var token = http.post(null, "/v1/auth/token", json("{'grant_type':'client_credentials','client_id':'%s',"
        + "'client_secret':'%s'}", client.path("client_id").asText(), client.path("client_secret").asText()));
    assertThat(token.status()).as(token.body()).isEqualTo(200);
    JsonNode upstream = token.json().path("upstream");

    assertThat(upstream.path("provider").asText()).isEqualTo("azure_openai");
    assertThat(upstream.path("base_url").asText()).isEqualTo("https://contoso.openai.azure.com");
    assertThat(upstream.path("api_key").asText()).isEqualTo("azure-secret-key-1234");
    assertThat(upstream.path("api_version").asText()).isEqualTo("2024-10-21");
    assertThat(upstream.path("deployments").path("gpt-4o-mini").asText()).isEqualTo("chat-prod");

    var patched = http.patch(ADMIN, "/v1/admin/provider-keys/" + key.text("id"),
        json("{'api_version':'2025-01-01-preview','deployments':{}}"));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.text("api_version")).isEqualTo("2025-01-01-preview");
    assertThat(patched.json().path("deployments").isEmpty()).isTrue();
  }

  @Test
  void anOpenAiKeyHasNeitherAndItsLeaseCarriesNeither() {
    var key = createKey("openai", "");
    assertThat(key.status()).isEqualTo(201);
    assertThat(key.json().has("api_version")).isFalse();
    assertThat(key.json().has("deployments")).isFalse();
  }

  @Test
  void badAzureFieldsAre422sNamingTheField() {
    assertThat(createKey("azure_openai", "")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("api_version");
    });
    assertThat(createKey("azure_openai", ",'api_version':'2024/10'").status()).isEqualTo(422);
    assertThat(createKey("azure_openai", ",'api_version':'2024-10-21','deployments':{'gpt-4o':'../../admin'}"))
        .satisfies(r -> {
          assertThat(r.status()).isEqualTo(422);
          assertThat(r.body()).contains("deployments.gpt-4o");
        });
    assertThat(createKey("openai", ",'api_version':'2024-10-21'")).satisfies(r -> {
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.body()).contains("api_version");
    });
  }
}
