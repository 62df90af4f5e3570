package dev.tollgate.collector.infra;

import static dev.tollgate.collector.usage.IngestTestData.batch;
import static dev.tollgate.collector.usage.IngestTestData.event;
import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.dev.EmbeddedStore;
import dev.tollgate.collector.testing.Crashes;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15, defect 8: while PostgreSQL is down every request that needs it is a 503
 * problem+json with {@code Retry-After} and the health check says so; once it is back the
 * same collector serves again, no restart. The PostgreSQL here is one this test starts and
 * kills itself.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseOutageIT {

  static final EmbeddedStore STORE = startStore();
  static final DropwizardAppExtension<TollgateConfiguration> APP = new DropwizardAppExtension<>(
      TollgateApplication.class, TestApps.config(
          new TestDatabases.TestDatabase(STORE.jdbcUrl("postgres"), "postgres", ""), c -> { }));

  static EmbeddedStore startStore() {
    try {
      return EmbeddedStore.start(Files.createTempDirectory("tollgate-outage"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    STORE.close();
  }

  @Test
  void anOutageIsA503WithRetryAfterAndTheCollectorRecoversWithoutARestart() throws Exception {
    IngestTestData data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-outage-key-1234", true);
    IngestTestData.ClientCreds client = data.activeClient("Outage", "0");
    String token = data.token(client);
    String events = batch(event(UUID.randomUUID(), Instant.now().minusSeconds(5), "gpt-4o", "{\"prompt_tokens\":3}"));
    assertThat(data.post("/v1/usage/events", token, events).statusCode()).isEqualTo(200);

    Crashes.killPostgres(STORE.pgDirectory());

    for (HttpResponse<String> r : java.util.List.of(
        data.post("/v1/usage/events", token, events),
        data.get("/v1/admin/teams", TestApps.ADMIN_KEY),
        data.post("/v1/auth/token", null, "{\"grant_type\":\"client_credentials\",\"client_id\":\""
            + client.clientId() + "\",\"client_secret\":\"" + client.secret() + "\"}"),
        data.get("/v1/reports/usage?from=2026-01-01&to=2026-02-01", TestApps.ADMIN_KEY))) {
      assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(r.headers().firstValue("Retry-After")).contains("2");
      assertThat(r.body()).doesNotContainIgnoringCase("sql").doesNotContain("Exception").doesNotContain("at org.");
    }
    HttpResponse<String> health = data.get("http://localhost:" + APP.getAdminPort() + "/healthcheck", null);
    assertThat(health.statusCode()).isEqualTo(500);
    assertThat(json(health).path("postgresql").path("healthy").asBoolean(true)).isFalse();

    Crashes.awaitRestart(STORE);

    HttpResponse<String> again = data.post("/v1/usage/events", token, events);
    for (int attempt = 0; attempt < 10 && again.statusCode() == 503; attempt++) {
      Thread.sleep(1100); // a pooled connection is checked again at most once a second
      again = data.post("/v1/usage/events", token, events);
    }
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(json(again).get("duplicates").asInt()).isEqualTo(1);
    assertThat(data.get("/v1/admin/teams", TestApps.ADMIN_KEY).statusCode()).isEqualTo(200);
    assertThat(data.get("http://localhost:" + APP.getAdminPort() + "/healthcheck", null).statusCode())
        .isEqualTo(200);
  }
}
