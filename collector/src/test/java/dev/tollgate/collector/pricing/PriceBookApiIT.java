package dev.tollgate.collector.pricing;

import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class PriceBookApiIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> { });
  static IngestTestData data;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
  }

  @Test
  void theDefaultBookImportsOnceAndPricesCurrentOpenAiModels() {
    HttpResponse<String> first = data.post("/v1/admin/prices/import?source=default", TestApps.ADMIN_KEY, "{}");
    HttpResponse<String> again = data.post("/v1/admin/prices/import?source=default", TestApps.ADMIN_KEY, "{}");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(json(first).get("added").asInt()).isGreaterThan(30);
    assertThat(json(again).get("added").asInt()).isZero();
    assertThat(json(again).get("unchanged").asInt()).isEqualTo(json(first).get("added").asInt());
    JsonNode mini = json(data.get("/v1/admin/prices?model=gpt-4o-mini-2024-07-18", TestApps.ADMIN_KEY)).get("items");
    assertThat(mini.findValuesAsText("element")).containsExactly("prompt_tokens", "cached_prompt_tokens",
        "completion_tokens");
    assertThat(mini.get(0).get("price").asText()).isEqualTo("0.15");
    assertThat(mini.get(0).get("per").asText()).isEqualTo("1000000");
    assertThat(json(data.get("/v1/admin/prices?model=text-embedding-3-small", TestApps.ADMIN_KEY)).get("items"))
        .hasSize(1);
  }

  /** V17: charge lines name prices without a foreign key, so the database keeps the book append-only. */
  @Test
  void aPriceIsNeverDeletedNorRenumberedOnceItExists() {
    data.price("append-only-model", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
    String id = data.jdbi.withHandle(h -> h.createQuery("SELECT CAST(id AS text) FROM prices WHERE model = :model")
        .bind("model", "append-only-model").mapTo(String.class).one());

    assertThatThrownBy(() -> data.jdbi.useHandle(h -> h.execute("DELETE FROM prices WHERE CAST(id AS text) = ?", id)))
        .hasMessageContaining("prices are append-only");
    assertThatThrownBy(() -> data.jdbi.useHandle(h ->
        h.execute("UPDATE prices SET id = gen_random_uuid() WHERE CAST(id AS text) = ?", id)))
        .hasMessageContaining("prices are append-only");
    long left = data.jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM prices WHERE CAST(id AS text) = :id")
        .bind("id", id).mapTo(Long.class).one());
    assertThat(left).isEqualTo(1);
  }

  @Test
  void csvImportAndConflictsAndValidation() throws Exception {
    HttpRequest csv = HttpRequest.newBuilder(URI.create(data.baseUrl + "/v1/admin/prices/import"))
        .header("Authorization", "Bearer " + TestApps.ADMIN_KEY).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofString("model,element,price,effective_from\n"
            + "csv-model*,prompt_tokens,0.5,2026-02-01T00:00:00Z\ncsv-model*,requests,0.01,2026-02-01T00:00:00Z\n"))
        .build();
    HttpResponse<String> imported = data.http.send(csv, HttpResponse.BodyHandlers.ofString());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(json(imported).get("added").asInt()).isEqualTo(2);
    JsonNode requests = json(data.get("/v1/admin/prices?model=csv-model-1&at=2026-03-01T00:00:00Z",
        TestApps.ADMIN_KEY)).get("items");
    assertThat(requests.findValuesAsText("per")).containsExactly("1000000", "1");

    HttpResponse<String> conflict = data.put("/v1/admin/prices", TestApps.ADMIN_KEY,
        "{\"prices\":[{\"model\":\"csv-model*\",\"element\":\"prompt_tokens\",\"price\":\"0.6\","
            + "\"effective_from\":\"2026-02-01T00:00:00Z\"}]}");
    assertThat(conflict.statusCode()).isEqualTo(409);

    HttpResponse<String> invalid = data.put("/v1/admin/prices", TestApps.ADMIN_KEY,
        "{\"prices\":[{\"model\":\"a*b\",\"element\":\"tokens\",\"price\":\"-1\",\"per\":0}]}");
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(json(invalid).get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
        "prices[0].model", "prices[0].element", "prices[0].price", "prices[0].per");
    assertThat(data.count("SELECT count(*) FROM prices WHERE model = 'a*b'")).isZero();
    assertThat(data.count("SELECT count(*) FROM audit_log WHERE action = 'price.imported'")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void onlyAdminsChangeThePriceBook() {
    assertThat(data.put("/v1/admin/prices", null, "{\"prices\":[]}").statusCode()).isEqualTo(401);
    assertThat(data.get("/v1/admin/models", null).statusCode()).isEqualTo(401);
  }
}
