package dev.tollgate.collector.usage;

import static dev.tollgate.collector.usage.IngestTestData.batch;
import static dev.tollgate.collector.usage.IngestTestData.event;
import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** rating.md's worked examples through HTTP ingest and the database, to the last digit. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RatingThroughIngestIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> { });
  static IngestTestData data;
  static IngestTestData.ClientCreds plain;
  static IngestTestData.ClientCreds marked;
  static String plainToken;
  static UUID plainCostQuota;
  static String markedToken;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.ratingExamplePriceBook();
    plain = data.activeClient("Plain", "0");
    plainCostQuota = data.quota(data.subscriptionOf(plain.teamId()), "cost", "month", "1000", "hard");
    marked = data.activeClient("Marked", "10");
    plainToken = data.token(plain);
    markedToken = data.token(marked);
  }

  private static JsonNode ingest(String token, String body) {
    HttpResponse<String> r = data.post("/v1/usage/events", token, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private static Map<String, Object> stored(UUID id) {
    return data.jdbi.withHandle(h -> h.createQuery(
        "SELECT total_cost, subtotal, markup, markup_percent, unpriced, rated_model, source, product_id, price_effective_from"
            + " FROM usage_events WHERE id = :id").bind("id", id).mapToMap().one());
  }

  private static List<String> lines(UUID id) {
    return data.jdbi.withHandle(h -> h.createQuery(
            "SELECT element || '=' || quantity || ':' || amount FROM charge_lines WHERE event_id = :id ORDER BY element")
        .bind("id", id).mapTo(String.class).list());
  }

  @Test
  void example1() {
    UUID id = UUID.randomUUID();
    ingest(plainToken, batch(event(id, Instant.parse("2026-11-27T10:00:00Z"), "gpt-3.5-turbo",
        "{\"prompt_tokens\":128,\"completion_tokens\":0}")));

    assertThat((BigDecimal) stored(id).get("total_cost")).isEqualByComparingTo("0.128");
    assertThat(lines(id)).containsExactly("prompt_tokens=128:0.128");
  }

  @Test
  void example2WithTenPercentMarkupOfTheProduct() {
    UUID id = UUID.randomUUID();
    ingest(markedToken, batch(event(id, Instant.parse("2026-11-27T10:00:00Z"), "gpt-4o-mini-2024-07-18",
        "{\"prompt_tokens\":1200,\"cached_prompt_tokens\":1024,\"completion_tokens\":300}")));

    Map<String, Object> row = stored(id);
    assertThat(((BigDecimal) row.get("subtotal")).toPlainString()).isEqualTo("0.0002832");
    assertThat((BigDecimal) row.get("markup")).isEqualByComparingTo("0.00002832");
    assertThat(((BigDecimal) row.get("total_cost")).stripTrailingZeros().toPlainString()).isEqualTo("0.00031152");
    assertThat(row.get("source")).isEqualTo("chat.completions");
    assertThat(row.get("product_id")).isNotNull();
    assertThat(lines(id)).containsExactly("cached_prompt_tokens=1024:0.0000768", "completion_tokens=300:0.00018",
        "prompt_tokens=176:0.0000264");
  }

  @Test
  void example3() {
    UUID id = UUID.randomUUID();
    ingest(plainToken, batch(event(id, Instant.parse("2026-11-27T10:00:00Z"), "o3-mini",
        "{\"prompt_tokens\":100,\"completion_tokens\":500,\"reasoning_tokens\":400}")));

    assertThat((BigDecimal) stored(id).get("total_cost")).isEqualByComparingTo("0.00231");
    assertThat(lines(id)).containsExactly("completion_tokens=500:0.0022", "prompt_tokens=100:0.00011");
  }

  @Test
  void example4AndExample5WithPutPricesAndRerate() {
    // Example 4: a new gpt-4o* prompt rate from 2026-11-15, via the API.
    HttpResponse<String> put = data.put("/v1/admin/prices", TestApps.ADMIN_KEY, """
        {"prices": [{"model": "gpt-4o*", "element": "prompt_tokens", "price": "1.00",
                     "effective_from": "2026-11-15T00:00:00Z"}]}""");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    UUID before = UUID.randomUUID();
    UUID at = UUID.randomUUID();
    ingest(plainToken, batch(
        event(before, Instant.parse("2026-11-14T23:59:59.999Z"), "gpt-4o", "{\"prompt_tokens\":1000000}"),
        event(at, Instant.parse("2026-11-15T00:00:00Z"), "gpt-4o", "{\"prompt_tokens\":1000000}")));
    assertThat((BigDecimal) stored(before).get("total_cost")).isEqualByComparingTo("2.50");
    assertThat((BigDecimal) stored(at).get("total_cost")).isEqualByComparingTo("1.00");

    // Example 5: unpriced, catalogued, then priced by a rule and a re-rating.
    UUID tuned = UUID.randomUUID();
    Instant ts = Instant.parse("2026-11-20T08:00:00Z");
    ingest(plainToken, batch(event(tuned, ts, "my-finetune-v1", "{\"prompt_tokens\":1000,\"completion_tokens\":10}")));
    assertThat(stored(tuned).get("unpriced")).isEqualTo(true);
    assertThat((BigDecimal) stored(tuned).get("total_cost")).isEqualByComparingTo("0");
    JsonNode models = json(data.get("/v1/admin/models", TestApps.ADMIN_KEY));
    assertThat(modelPriced(models, "my-finetune-v1")).isEqualTo("false");

    assertThat(data.put("/v1/admin/prices", TestApps.ADMIN_KEY, """
        {"prices": [{"model": "my-finetune*", "element": "prompt_tokens", "price": "3.00",
                     "effective_from": "2026-11-01T00:00:00Z"},
                    {"model": "my-finetune*", "element": "completion_tokens", "price": "6.00",
                     "effective_from": "2026-11-01T00:00:00Z"}]}""").statusCode()).isEqualTo(200);
    BigDecimal dailyBefore = data.decimal("SELECT cost FROM usage_daily WHERE model = 'my-finetune-v1'");
    HttpResponse<String> rerate = data.post("/v1/admin/rerate", TestApps.ADMIN_KEY,
        "{\"from\":\"2026-11-20T00:00:00Z\",\"to\":\"2026-11-21T00:00:00Z\",\"model\":\"my-finetune-v1\"}");
    assertThat(rerate.statusCode()).as(rerate.body()).isEqualTo(200);
    assertThat(json(rerate).get("rerated").asLong()).isEqualTo(1);

    assertThat(stored(tuned).get("unpriced")).isEqualTo(false);
    // 1000 x 3.00 / 1e6 + 10 x 6.00 / 1e6 = 0.003 + 0.00006
    assertThat((BigDecimal) stored(tuned).get("total_cost")).isEqualByComparingTo("0.00306");
    assertThat(lines(tuned)).containsExactly("completion_tokens=10:0.00006", "prompt_tokens=1000:0.003");
    assertThat(dailyBefore).isEqualByComparingTo("0");
    assertThat(data.decimal("SELECT cost FROM usage_daily WHERE model = 'my-finetune-v1'")).isEqualByComparingTo("0.00306");
    assertThat(modelPriced(json(data.get("/v1/admin/models", TestApps.ADMIN_KEY)), "my-finetune-v1")).isEqualTo("true");
    // Re-rating corrected the cost quota too: it still equals the team's stored charges.
    assertThat(data.decimal("SELECT used FROM quota_counters WHERE quota_id = ? AND period_start = ?",
        plainCostQuota, Instant.parse("2026-11-01T00:00:00Z")))
        .isEqualByComparingTo(data.decimal("SELECT sum(total_cost) FROM usage_events WHERE team_id = ?"
            + " AND ts >= '2026-11-01' AND ts < '2026-12-01'", plain.teamId()));
  }

  @Test
  void example6FailedCallWithARequestsRate() {
    data.price("fail-model*", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
    data.price("fail-model*", "requests", "0.001", "2026-01-01T00:00:00Z");
    UUID id = UUID.randomUUID();
    ingest(plainToken, "{\"events\":[{\"id\":\"" + id + "\",\"timestamp\":\"2026-11-27T11:00:00Z\","
        + "\"endpoint\":\"/v1/chat/completions\",\"request_model\":\"fail-model\",\"status_code\":429,"
        + "\"latency_ms\":30,\"error\":{\"type\":\"rate_limit\"}}]}");

    assertThat((BigDecimal) stored(id).get("total_cost")).isEqualByComparingTo("0.001");
    assertThat(lines(id)).containsExactly("requests=1:0.001");
    assertThat(data.count("SELECT requests FROM usage_daily WHERE model = 'fail-model' AND is_error")).isEqualTo(1);
  }

  @Test
  void rollupsAddUpToTheStoredCharges() {
    assertThat(data.decimal("SELECT COALESCE(sum(cost), 0) FROM usage_daily"))
        .isEqualByComparingTo(data.decimal("SELECT COALESCE(sum(total_cost), 0) FROM usage_events"));
    assertThat(data.count("SELECT COALESCE(sum(requests), 0) FROM usage_daily"))
        .isEqualTo(data.count("SELECT count(*) FROM usage_events"));
  }

  @Test
  void pricesInForceAreReadable() {
    JsonNode items = json(data.get("/v1/admin/prices?model=gpt-4o-mini-2024-07-18&at=2026-11-27T00:00:00Z",
        TestApps.ADMIN_KEY)).get("items");
    assertThat(items).hasSize(3);
    assertThat(items.get(0).get("model").asText()).isEqualTo("gpt-4o-mini*");
    assertThat(items.get(0).get("price").asText()).isEqualTo("0.15");
  }

  private static String modelPriced(JsonNode models, String model) {
    for (JsonNode m : models.get("items")) {
      if (m.get("model").asText().equals(model)) {
        return m.get("priced").asText();
      }
    }
    return "absent";
  }
}
