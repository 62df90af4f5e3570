package dev.tollgate.collector.pricing;

import static dev.tollgate.collector.usage.IngestTestData.batch;
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
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Service tiers end to end on the collector: ingest records the tier, price entries take one,
 * rating chooses the tier first (rating.md's example 7 to the digit), charge lines, the
 * transaction detail and CSV name it, and re-rating picks up a tier price added later.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ServiceTierThroughIngestIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> { });
  static final String MODEL = "gpt-4o-mini-2024-07-18";
  static final Instant TS = Instant.parse("2026-11-20T10:00:00Z");
  static IngestTestData data;
  static String token;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-default-key-1234", true);
    token = data.token(data.activeClient("Tiered", "0"));
    // rating.md example 7's entries, through the API.
    putPrices("""
        {"prices": [
          {"model": "gpt-4o-mini*", "element": "prompt_tokens", "price": "0.15", "effective_from": "2026-01-01T00:00:00Z"},
          {"model": "gpt-4o-mini*", "element": "completion_tokens", "price": "0.60", "effective_from": "2026-01-01T00:00:00Z"},
          {"model": "gpt-4o-mini*", "element": "prompt_tokens", "price": "0.075", "service_tier": "flex",
           "effective_from": "2026-01-01T00:00:00Z"}]}""");
  }

  private static JsonNode putPrices(String body) {
    HttpResponse<String> put = data.put("/v1/admin/prices", TestApps.ADMIN_KEY, body);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    return json(put);
  }

  private static String event(UUID id, String tierJson, long prompt, long completion) {
    return "{\"id\":\"" + id + "\",\"timestamp\":\"" + TS + "\",\"endpoint\":\"/v1/chat/completions\","
        + "\"request_model\":\"gpt-4o-mini\",\"model\":\"" + MODEL + "\",\"status_code\":200,\"latency_ms\":120,"
        + (tierJson == null ? "" : "\"service_tier\":" + tierJson + ",")
        + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + "}}";
  }

  private static JsonNode ingest(String... events) {
    HttpResponse<String> r = data.post("/v1/usage/events", token, batch(events));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private static JsonNode detail(UUID id) {
    HttpResponse<String> r = data.get("/v1/reports/transactions/" + id, TestApps.ADMIN_KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  /** {@code element=quantity x unit_price:amount@tier}, in the detail's order. */
  private static List<String> charges(JsonNode detail) {
    List<String> out = new ArrayList<>();
    detail.get("charges").forEach(c -> out.add(c.get("element").asText() + "=" + c.get("quantity").asText() + "x"
        + c.get("unit_price").asText() + ":" + c.get("amount").asText() + "@" + c.get("service_tier").asText()));
    return out;
  }

  @Test
  void example7ThroughIngestToTheDigitWithTheTierOnEveryLine() {
    UUID id = UUID.randomUUID();
    assertThat(ingest(event(id, "\"flex\"", 1000, 100)).get("accepted").asInt()).isEqualTo(1);

    JsonNode d = detail(id);
    assertThat(d.get("service_tier").asText()).isEqualTo("flex");
    assertThat(charges(d)).containsExactly("prompt_tokens=1000x0.075:0.000075@flex",
        "completion_tokens=100x0.60:0.00006@default");
    assertThat(d.get("total_cost").asText()).isEqualTo("0.000135");
    assertThat(data.decimal("SELECT total_cost FROM usage_events WHERE id = ?", id).toPlainString())
        .isEqualTo("0.000135");
  }

  @Test
  void example7AnExactDefaultEntryDoesNotBeatTheFlexRule() {
    putPrices("""
        {"prices": [{"model": "gpt-4o-mini-2024-07-18", "element": "prompt_tokens", "price": "0.20",
                     "effective_from": "2026-01-01T00:00:00Z"}]}""");
    UUID flex = UUID.randomUUID();
    UUID standard = UUID.randomUUID();
    ingest(event(flex, "\"flex\"", 1000, 100), event(standard, null, 1000, 100));

    assertThat(charges(detail(flex))).containsExactly("prompt_tokens=1000x0.075:0.000075@flex",
        "completion_tokens=100x0.60:0.00006@default");
    assertThat(detail(flex).get("total_cost").asText()).isEqualTo("0.000135");
    assertThat(charges(detail(standard))).containsExactly("prompt_tokens=1000x0.20:0.0002@default",
        "completion_tokens=100x0.60:0.00006@default");
    assertThat(detail(standard).get("service_tier").asText()).isEqualTo("default");
  }

  @Test
  void rerateAfterATierPriceIsAddedPricesTheEventInItsTier() {
    String model = "tier-rerate-1";
    putPrices("""
        {"prices": [{"model": "tier-rerate*", "element": "prompt_tokens", "price": "2.00",
                     "effective_from": "2026-01-01T00:00:00Z"}]}""");
    UUID id = UUID.randomUUID();
    ingest(event(id, "\"priority\"", 1000, 0).replace(MODEL, model));
    assertThat(charges(detail(id))).containsExactly("prompt_tokens=1000x2.00:0.002@default");
    BigDecimal dailyBefore = data.decimal("SELECT cost FROM usage_daily WHERE model = ?", model);

    // The priority price, effective before the event, only counts once the range is re-rated.
    putPrices("""
        {"prices": [{"model": "tier-rerate*", "element": "prompt_tokens", "price": "3.50", "service_tier": "priority",
                     "effective_from": "2026-11-01T00:00:00Z"}]}""");
    assertThat(charges(detail(id))).containsExactly("prompt_tokens=1000x2.00:0.002@default");
    HttpResponse<String> rerate = data.post("/v1/admin/rerate", TestApps.ADMIN_KEY,
        "{\"from\":\"2026-11-20T00:00:00Z\",\"to\":\"2026-11-21T00:00:00Z\",\"model\":\"" + model + "\"}");
    assertThat(rerate.statusCode()).as(rerate.body()).isEqualTo(200);
    assertThat(json(rerate).get("rerated").asLong()).isEqualTo(1);

    JsonNode d = detail(id);
    assertThat(d.get("service_tier").asText()).isEqualTo("priority");
    assertThat(charges(d)).containsExactly("prompt_tokens=1000x3.50:0.0035@priority");
    assertThat(d.get("total_cost").asText()).isEqualTo("0.0035");
    assertThat(dailyBefore).isEqualByComparingTo("0.002");
    assertThat(data.decimal("SELECT cost FROM usage_daily WHERE model = ?", model)).isEqualByComparingTo("0.0035");
  }

  @Test
  void absentNullAndUpperCaseTiersAreRecordedAsTheirLowerCaseNameOrDefault() {
    UUID absent = UUID.randomUUID();
    UUID nulled = UUID.randomUUID();
    UUID upper = UUID.randomUUID();
    ingest(event(absent, null, 10, 0), event(nulled, "null", 10, 0), event(upper, "\"FLEX\"", 10, 0));

    assertThat(detail(absent).get("service_tier").asText()).isEqualTo("default");
    assertThat(detail(nulled).get("service_tier").asText()).isEqualTo("default");
    assertThat(detail(upper).get("service_tier").asText()).isEqualTo("flex");
    assertThat(charges(detail(upper))).containsExactly("prompt_tokens=10x0.075:0.00000075@flex");
  }

  @Test
  void aTierThatIsNotABoundedNameRejectsOnlyThatEvent() {
    UUID good = UUID.randomUUID();
    JsonNode result = ingest(event(good, "\"priority\"", 10, 0), event(UUID.randomUUID(), "\"fl ex\"", 10, 0),
        event(UUID.randomUUID(), "\"" + "x".repeat(65) + "\"", 10, 0), event(UUID.randomUUID(), "7", 10, 0),
        event(UUID.randomUUID(), "\"fl\\u0000ex\"", 10, 0));

    assertThat(result.get("accepted").asInt()).isEqualTo(1);
    assertThat(result.get("rejected")).hasSize(4);
    result.get("rejected").forEach(r -> assertThat(r.get("errors").get(0).get("field").asText())
        .isEqualTo("service_tier"));
    assertThat(detail(good).get("service_tier").asText()).isEqualTo("priority");
  }

  @Test
  void priceEntriesShowTheirTierAndTheRatesInForceAreReadablePerTier() {
    JsonNode flexBook = json(data.get("/v1/admin/prices?service_tier=flex&at=2026-11-27T00:00:00Z",
        TestApps.ADMIN_KEY)).get("items");
    assertThat(flexBook).isNotEmpty();
    flexBook.forEach(item -> assertThat(item.get("service_tier").asText()).isEqualTo("flex"));

    // What rates a flex call of the model: the flex prompt entry, the default completion entry.
    JsonNode forModel = json(data.get("/v1/admin/prices?model=" + MODEL
        + "&service_tier=flex&at=2026-11-27T00:00:00Z", TestApps.ADMIN_KEY)).get("items");
    List<String> rates = new ArrayList<>();
    forModel.forEach(i -> rates.add(i.get("element").asText() + "@" + i.get("service_tier").asText() + "="
        + i.get("price").asText()));
    assertThat(rates).containsExactly("prompt_tokens@flex=0.075", "completion_tokens@default=0.6");

    HttpResponse<String> bad = data.get("/v1/admin/prices?service_tier=a%20b", TestApps.ADMIN_KEY);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("errors").get(0).get("field").asText()).isEqualTo("service_tier");
  }

  @Test
  void aTierEntryMayStartWhenTheDefaultOneDoesAndABadTierIsRefused() {
    JsonNode added = putPrices("""
        {"prices": [{"model": "same-instant*", "element": "prompt_tokens", "price": "1.00",
                     "effective_from": "2026-01-01T00:00:00Z"},
                    {"model": "same-instant*", "element": "prompt_tokens", "price": "0.50", "service_tier": "flex",
                     "effective_from": "2026-01-01T00:00:00Z"}]}""");
    assertThat(added.get("added").asInt()).isEqualTo(2);
    // Repeating the flex entry changes nothing; another flex price at the same instant conflicts.
    assertThat(putPrices("""
        {"prices": [{"model": "same-instant*", "element": "prompt_tokens", "price": "0.50", "service_tier": "flex",
                     "effective_from": "2026-01-01T00:00:00Z"}]}""").get("unchanged").asInt()).isEqualTo(1);
    assertThat(data.put("/v1/admin/prices", TestApps.ADMIN_KEY, """
        {"prices": [{"model": "same-instant*", "element": "prompt_tokens", "price": "0.40", "service_tier": "flex",
                     "effective_from": "2026-01-01T00:00:00Z"}]}""").statusCode()).isEqualTo(409);

    HttpResponse<String> bad = data.put("/v1/admin/prices", TestApps.ADMIN_KEY, """
        {"prices": [{"model": "x*", "element": "prompt_tokens", "price": "1", "service_tier": "no spaces"}]}""");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(json(bad).get("errors").get(0).get("field").asText()).isEqualTo("prices[0].service_tier");
  }

  @Test
  void aCsvImportTakesAServiceTierColumn() {
    HttpResponse<String> imported = data.postBytes("/v1/admin/prices/import", TestApps.ADMIN_KEY, ("""
        model,element,price,effective_from,service_tier
        csv-tier*,prompt_tokens,1.50,2026-01-01T00:00:00Z,priority
        csv-tier*,prompt_tokens,1.00,2026-01-01T00:00:00Z,
        """).getBytes(java.nio.charset.StandardCharsets.UTF_8), "Content-Type", "text/csv");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    List<String> tiers = new ArrayList<>();
    json(imported).get("items").forEach(i -> tiers.add(i.get("service_tier").asText() + "=" + i.get("price").asText()));
    assertThat(tiers).containsExactly("priority=1.5", "default=1");
  }

  @Test
  void transactionCsvsNameTheEventsAndEachLinesTier() throws Exception {
    UUID id = UUID.randomUUID();
    ingest(event(id, "\"flex\"", 1000, 100));

    HttpResponse<String> csv = data.get("/v1/reports/transactions/" + id + "?format=csv", TestApps.ADMIN_KEY);
    assertThat(csv.statusCode()).isEqualTo(200);
    List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body())).getRecords();
    assertThat(rows).extracting(r -> r.get("element") + "@" + r.get("service_tier") + "/" + r.get("charge_service_tier"))
        .containsExactly("prompt_tokens@flex/flex", "completion_tokens@flex/default");

    HttpResponse<String> log = data.get("/v1/reports/transactions?from=2026-11-20T10:00:00Z&to=2026-11-20T10:00:01Z"
        + "&format=csv", TestApps.ADMIN_KEY);
    List<CSVRecord> items = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(log.body())).getRecords();
    assertThat(items).filteredOn(r -> r.get("id").equals(id.toString())).singleElement()
        .satisfies(r -> assertThat(r.get("service_tier")).isEqualTo("flex"));
    JsonNode page = json(data.get("/v1/reports/transactions?from=2026-11-20T10:00:00Z&to=2026-11-20T10:00:01Z",
        TestApps.ADMIN_KEY));
    List<String> tiers = new ArrayList<>();
    page.get("items").forEach(i -> tiers.add(i.get("id").asText() + "=" + i.get("service_tier").asText()));
    assertThat(tiers).contains(id + "=flex");
  }
}
