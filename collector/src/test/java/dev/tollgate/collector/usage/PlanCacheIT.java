package dev.tollgate.collector.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ingest's cached team plans ({@link PlanCache}) follow changes made anywhere: here written
 * with SQL straight to the database, as another instance's admin API would, between batches.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PlanCacheIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(ClockedApp.class,
      TestDatabases.create(), c -> { });
  static final String USAGE = "{\"prompt_tokens\":1000000,\"completion_tokens\":0}";

  static IngestTestData data;
  static IngestTestData.ClientCreds client;
  static String token;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.ratingExamplePriceBook();
    client = data.activeClient("Cached team", "10");
    token = data.token(client);
  }

  @Test
  void aMarkupChangeAndADisabledSubscriptionApplyToTheNextBatch() {
    UUID first = ingest();
    assertThat(markup(first)).isEqualTo("10");

    data.jdbi.useHandle(h -> h.execute("UPDATE products SET markup_percent = 25 WHERE id = "
        + "(SELECT product_id FROM subscriptions WHERE team_id = ?)", client.teamId()));
    UUID second = ingest();
    assertThat(markup(second)).isEqualTo("25");

    data.jdbi.useHandle(h -> h.execute("UPDATE subscriptions SET status = 'disabled' WHERE team_id = ?",
        client.teamId()));
    UUID third = ingest();
    assertThat(data.count("SELECT count(*) FROM usage_events WHERE product_id IS NULL AND id = '" + third + "'"))
        .isEqualTo(1);
  }

  private static UUID ingest() {
    UUID id = UUID.randomUUID();
    HttpResponse<String> r = data.post("/v1/usage/events", token, IngestTestData.batch(
        IngestTestData.event(id, Instant.parse("2026-11-20T10:00:00Z"), "gpt-4o-mini", USAGE)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(IngestTestData.json(r).get("accepted").asInt()).isEqualTo(1);
    return id;
  }

  private static String markup(UUID id) {
    return data.jdbi.withHandle(h -> h.createQuery("SELECT markup_percent::text FROM usage_events WHERE id = :id")
        .bind("id", id).mapTo(String.class).one());
  }
}
