package dev.tollgate.collector.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.testing.CollectorProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged jar with {@code dev} (its own embedded PostgreSQL in a temporary data
 * dir), checks the printed credentials and the seeded demo data over HTTP, then restarts it
 * on the same data dir: nothing is seeded twice and the same credentials are printed.
 */
class DevModeIT {

  static final String ADMIN_KEY = "tgk_dev-mode-it-admin-key-0123456789abcdef";
  static final Pattern CLIENT_ID = Pattern.compile("Client id\\s+: (tg_[0-9a-f]+)");
  static final Pattern CLIENT_SECRET = Pattern.compile("Client secret : (tgs_\\S+)");

  @TempDir
  Path temp;

  @Test
  void devModeSeedsDemoDataOnceAndPrintsHowToUseIt() throws Exception {
    Path dataDir = temp.resolve("data");
    int port = CollectorProcess.freePort();
    int adminPort = CollectorProcess.freePort();

    String clientId;
    String secret;
    try (CollectorProcess collector = start(dataDir, port, adminPort, temp.resolve("first.log"))) {
      String out = collector.awaitBanner();
      assertThat(out).contains("Collector URL : http://localhost:" + port).contains("Admin key     : " + ADMIN_KEY)
          .contains("curl");
      clientId = find(CLIENT_ID, out);
      secret = find(CLIENT_SECRET, out);

      Properties kept = new Properties();
      try (InputStream in = Files.newInputStream(dataDir.resolve("dev-secrets.properties"))) {
        kept.load(in);
      }
      assertThat(kept.getProperty("demo_client_id")).isEqualTo(clientId);
      assertThat(kept.getProperty("demo_client_secret")).isEqualTo(secret);

      AdminHttp http = new AdminHttp("http://localhost:" + port);
      JsonNode teams = http.get(ADMIN_KEY, "/v1/admin/teams").json().path("items");
      assertThat(teams).hasSize(1);
      assertThat(teams.get(0).path("name").asText()).isEqualTo("Demo");
      String teamId = teams.get(0).path("id").asText();

      JsonNode clients = http.get(ADMIN_KEY, "/v1/admin/teams/" + teamId + "/clients").json().path("items");
      assertThat(clients).hasSize(1);
      assertThat(clients.get(0).path("client_id").asText()).isEqualTo(clientId);

      JsonNode keys = http.get(ADMIN_KEY, "/v1/admin/provider-keys").json().path("items");
      assertThat(keys).hasSize(1);
      assertThat(keys.get(0).path("name").asText()).isEqualTo("demo");
      assertThat(keys.get(0).path("base_url").asText()).isEqualTo("http://localhost:" + port + "/mock/v1");
      assertThat(keys.get(0).path("is_default").asBoolean()).isTrue();

      int sources = http.get(ADMIN_KEY, "/v1/admin/sources").json().path("items").size();
      JsonNode products = http.get(ADMIN_KEY, "/v1/admin/products").json().path("items");
      assertThat(products).hasSize(1);
      assertThat(products.get(0).path("name").asText()).isEqualTo("Enterprise AI Gateway");
      assertThat(products.get(0).path("source_ids")).hasSize(sources);
      assertThat(products.get(0).path("markup_percent").decimalValue()).isEqualByComparingTo("0");

      JsonNode subscriptions = http.get(ADMIN_KEY, "/v1/admin/subscriptions").json().path("items");
      assertThat(subscriptions).hasSize(1);
      JsonNode quota = subscriptions.get(0).path("quotas").get(0);
      assertThat(quota.path("unit").asText()).isEqualTo("cost");
      assertThat(quota.path("period").asText()).isEqualTo("month");
      assertThat(quota.path("limit").decimalValue()).isEqualByComparingTo("100");
      assertThat(quota.path("enforcement").asText()).isEqualTo("soft");

      var created = http.post(ADMIN_KEY, "/v1/admin/teams", "{\"name\":\"After seeding\"}");
      assertThat(created.status()).isEqualTo(201);
      assertThat(http.get(null, "/v1/admin/teams").status()).isEqualTo(401);
      JsonNode audit = http.get(ADMIN_KEY, "/v1/admin/audit").json().path("items");
      List<String> actors = new ArrayList<>();
      audit.forEach(e -> actors.add(e.path("actor").asText()));
      assertThat(actors).contains("system:dev-seed", "bootstrap");
      assertThat(audit.toString()).doesNotContain(secret);
    }

    try (CollectorProcess again = start(dataDir, port, adminPort, temp.resolve("second.log"))) {
      String out = again.awaitBanner();
      assertThat(find(CLIENT_ID, out)).isEqualTo(clientId);
      assertThat(find(CLIENT_SECRET, out)).isEqualTo(secret);
      JsonNode teams = new AdminHttp("http://localhost:" + port).get(ADMIN_KEY, "/v1/admin/teams").json().path("items");
      List<String> names = new ArrayList<>();
      teams.forEach(t -> names.add(t.path("name").asText()));
      assertThat(names).containsExactlyInAnyOrder("Demo", "After seeding");
    }
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s in:%n%s", pattern, text).isTrue();
    return m.group(1);
  }

  private static CollectorProcess start(Path dataDir, int port, int adminPort, Path log) throws IOException {
    return CollectorProcess.startDev(Map.of("TOLLGATE_DATA_DIR", dataDir.toString(), "TOLLGATE_PORT",
        Integer.toString(port), "TOLLGATE_ADMIN_PORT", Integer.toString(adminPort), "TOLLGATE_BOOTSTRAP_ADMIN_KEY",
        ADMIN_KEY), log);
  }
}
