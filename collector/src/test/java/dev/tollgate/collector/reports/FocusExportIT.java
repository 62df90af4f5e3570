package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v1/reports/focus}: a month of real traffic (rated by ingest from the price book,
 * tiers and markups included) exported as FOCUS 1.2, validated column by column against the
 * requirements in {@link FocusRequirements}, and reconciled with the chargeback to the cent.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FocusExportIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), config -> {
        config.setBillingAccountId("acme-0001");
        config.setBillingAccountName("ACME Corp");
        config.setClientSecretHashIterations(1000);
      });
  static final List<String> MODELS = List.of("gpt-4o-mini-2024-07-18", "gpt-4o", "o3-mini", "unpriced-tune");
  static final String MINI = "gpt-4o-mini-2024-07-18";

  /** A client the test sends events as. */
  record Client(UUID teamId, String publicId, String name, String token) {}

  static IngestTestData data;
  static Client a1;
  static Client a2;
  static Client b1;
  static Client c1;
  static Client e1;
  static String financeKey;

  @BeforeAll
  static void load() {
    ClockedApp.CLOCK.set(Instant.parse("2026-12-02T12:00:00Z"));
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    UUID openAi = providerKey("openai", "OpenAI org key");
    UUID vllm = providerKey("openai_compatible", "vLLM cluster");
    data.ratingExamplePriceBook();
    data.price("o3-mini*", "requests", "0.0001", "2026-01-01T00:00:00Z");
    HttpResponse<String> flex = data.put("/v1/admin/prices", TestApps.ADMIN_KEY, """
        {"prices": [{"model": "gpt-4o-mini*", "element": "prompt_tokens", "price": "0.075", "service_tier": "flex",
                     "effective_from": "2026-01-01T00:00:00Z"}]}""");
    assertThat(flex.statusCode()).as(flex.body()).isEqualTo(200);

    UUID alpha = team("Alpha", "10", openAi);
    UUID bravo = team("Bravo", "0", vllm);
    UUID charlie = team("Charlie", "12.5", null);
    UUID echo = team("Echo", "10", null);
    a1 = client(alpha, "alpha-web");
    a2 = client(alpha, "alpha-batch");
    b1 = client(bravo, "bravo-app");
    c1 = client(charlie, "charlie-app");
    e1 = client(echo, "echo-app");
    financeKey = IngestTestData.json(data.post("/v1/admin/api-keys", TestApps.ADMIN_KEY,
        "{\"name\":\"finance desk\",\"role\":\"finance\"}")).get("api_key").asText();

    Random random = new Random(18);
    Map<Client, List<String>> batches = new HashMap<>();
    for (int i = 0; i < 360; i++) {
      Client client = List.of(a1, a1, a2, b1, c1).get(random.nextInt(5));
      Instant ts = Instant.parse("2026-11-01T00:00:00Z").plusMillis((long) (random.nextDouble() * 29 * 86_400_000L));
      batches.computeIfAbsent(client, c -> new ArrayList<>()).add(randomEvent(random, ts));
    }
    // The month's edges: the first and last instants are in it, their neighbours are not.
    for (String ts : List.of("2026-10-31T23:59:59.999Z", "2026-11-01T00:00:00Z", "2026-11-30T23:59:59.999Z",
        "2026-12-01T00:00:00Z")) {
      batches.get(a1).add(event(Instant.parse(ts), "gpt-4o-2024-08-06", null, 200, 100, 0, 0, 0, Map.of()));
    }
    batches.forEach(FocusExportIT::ingest);
    // Echo's 3 November, the rows docs/exports.md explains: two flex calls that agree on one tag.
    ingest(e1, List.of(
        event(Instant.parse("2026-11-03T09:00:00Z"), MINI, "flex", 200, 1000, 0, 100, 0,
            Map.of("feature", "summarise", "request", "a")),
        event(Instant.parse("2026-11-03T17:30:00Z"), MINI, "flex", 200, 2000, 0, 0, 0,
            Map.of("feature", "summarise", "request", "b"))));
  }

  private static UUID providerKey(String provider, String name) {
    HttpResponse<String> r = data.post("/v1/admin/provider-keys", TestApps.ADMIN_KEY, "{\"provider\":\"" + provider
        + "\",\"name\":\"" + name + "\",\"base_url\":\"https://llm.example/v1\",\"api_key\":\"sk-test-" + provider
        + "-0123456789\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return UUID.fromString(IngestTestData.json(r).get("id").asText());
  }

  private static UUID team(String name, String markupPercent, UUID providerKey) {
    UUID team = data.team(name, "active", providerKey);
    UUID product = data.product(name + " gateway", markupPercent, "chat.completions", "responses", "embeddings",
        "other");
    data.subscription(team, product, Instant.parse("2026-01-01T00:00:00Z"), null, "active");
    return team;
  }

  private static Client client(UUID team, String name) {
    JsonNode issued = IngestTestData.json(data.post("/v1/admin/teams/" + team + "/clients", TestApps.ADMIN_KEY,
        "{\"name\":\"" + name + "\"}"));
    String token = data.token(new IngestTestData.ClientCreds(UUID.fromString(issued.get("id").asText()), team,
        issued.get("client_id").asText(), issued.get("client_secret").asText()));
    return new Client(team, issued.get("client_id").asText(), name, token);
  }

  private static String randomEvent(Random random, Instant ts) {
    String model = MODELS.get(random.nextInt(random.nextInt(12) == 0 ? 4 : 3));
    String tier = List.of("", "flex", "priority").get(random.nextInt(3));
    boolean failed = random.nextInt(10) == 0;
    long prompt = failed ? 0 : 1 + random.nextInt(4000);
    long cached = failed || random.nextBoolean() ? 0 : random.nextInt((int) prompt + 1);
    long completion = failed ? 0 : random.nextInt(1500);
    long reasoning = model.startsWith("o3") && completion > 0 ? random.nextInt((int) completion + 1) : 0;
    Map<String, String> tags = switch (random.nextInt(3)) {
      case 0 -> Map.of();
      case 1 -> Map.of("feature", "f" + random.nextInt(2));
      default -> Map.of("feature", "f" + random.nextInt(2), "request", UUID.randomUUID().toString());
    };
    return event(ts, model, tier.isEmpty() ? null : tier, failed ? 429 : 200, prompt, cached, completion, reasoning,
        tags);
  }

  private static String event(Instant ts, String model, String tier, int status, long prompt, long cached,
      long completion, long reasoning, Map<String, String> tags) {
    StringBuilder tagJson = new StringBuilder();
    new TreeMap<>(tags).forEach((k, v) -> tagJson.append(tagJson.isEmpty() ? "" : ",")
        .append('"').append(k).append("\":\"").append(v).append('"'));
    return "{\"id\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"" + ts + "\",\"endpoint\":\"/v1/chat/completions\","
        + "\"request_model\":\"" + model + "\",\"model\":\"" + model + "\",\"status_code\":" + status
        + ",\"latency_ms\":200" + (tier == null ? "" : ",\"service_tier\":\"" + tier + "\"")
        + ",\"tags\":{" + tagJson + "}"
        + (status >= 400 ? "" : ",\"usage\":{\"prompt_tokens\":" + prompt + ",\"cached_prompt_tokens\":" + cached
            + ",\"completion_tokens\":" + completion + ",\"reasoning_tokens\":" + reasoning + "}") + "}";
  }

  private static void ingest(Client client, List<String> events) {
    HttpResponse<String> r = data.post("/v1/usage/events", client.token(), IngestTestData.batch(
        events.toArray(String[]::new)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(IngestTestData.json(r).get("accepted").asInt()).as(r.body()).isEqualTo(events.size());
  }

  /** A FOCUS file as the endpoint serves it. */
  record Focus(List<String> header, List<Map<String, String>> rows) {}

  private static Focus focus(String month, String key) {
    HttpResponse<String> r = data.get("/v1/reports/focus?month=" + month, key);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(r.body()))) {
      List<Map<String, String>> rows = new ArrayList<>();
      for (CSVRecord record : parser) {
        rows.add(record.toMap());
      }
      return new Focus(parser.getHeaderNames(), rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BigDecimal sum(List<Map<String, String>> rows, String column) {
    return rows.stream().map(r -> new BigDecimal(r.get(column))).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void theFileMeetsFocus12ColumnByColumn() throws IOException {
    HttpResponse<String> raw = data.get("/v1/reports/focus?month=2026-11", TestApps.ADMIN_KEY);
    assertThat(raw.headers().firstValue("Content-Disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"tollgate-focus-2026-11.csv\"");
    // The sample in docs/exports.md is this file's head.
    Files.writeString(Path.of("target", "focus-sample.csv"), raw.body());

    Focus file = focus("2026-11", TestApps.ADMIN_KEY);
    assertThat(file.rows()).hasSizeGreaterThan(100);
    assertThat(FocusRequirements.violations(file.header(), file.rows())).isEmpty();
    for (Map<String, String> row : file.rows()) {
      // What alerts-and-exports.md fixes beyond FOCUS itself.
      assertThat(row).containsEntry("BillingAccountId", "acme-0001").containsEntry("BillingAccountName", "ACME Corp")
          .containsEntry("BillingAccountType", "Organization").containsEntry("SubAccountType", "Team")
          .containsEntry("BillingPeriodStart", "2026-11-01T00:00:00Z")
          .containsEntry("BillingPeriodEnd", "2026-12-01T00:00:00Z").containsEntry("ChargeCategory", "Usage")
          .containsEntry("ChargeClass", "").containsEntry("ChargeFrequency", "Usage-Based")
          .containsEntry("ServiceCategory", "AI and Machine Learning").containsEntry("RegionId", "")
          .containsEntry("RegionName", "").containsEntry("ResourceType", "Client").containsEntry("BillingCurrency", "USD");
      assertThat(row.get("ConsumedUnit")).isIn("Tokens", "Requests");
      assertThat(new BigDecimal(row.get("BilledCost"))).isEqualByComparingTo(row.get("EffectiveCost"));
      assertThat(new BigDecimal(row.get("ListCost"))).isEqualByComparingTo(row.get("ContractedCost"));
      assertThat(new BigDecimal(row.get("ListCost")).add(new BigDecimal(row.get("x_Markup"))))
          .isEqualByComparingTo(row.get("BilledCost"));
      assertThat(row.get("ProviderName")).isEqualTo(row.get("PublisherName")).isEqualTo(row.get("InvoiceIssuerName"));
      assertThat(row.get("ChargePeriodStart")).startsWith("2026-11-").endsWith("T00:00:00Z");
      assertThat(row.get("x_ServiceTier")).isIn("default", "flex");
    }
    // Priority calls had no priority entries: every line fell back to the default tier's.
    assertThat(file.rows()).anyMatch(r -> r.get("x_ServiceTier").equals("flex")
        && r.get("SkuId").equals("gpt-4o-mini*:prompt_tokens") && r.get("ListUnitPrice").equals("0.075"));
    assertThat(file.rows()).anyMatch(r -> r.get("ConsumedUnit").equals("Requests")
        && r.get("PricingUnit").equals("Requests") && r.get("SkuId").equals("o3-mini*:requests"));
  }

  @Test
  void billedCostPerTeamRoundedAsTheChargebackRoundsIsTheChargebacksTotalToTheCent() {
    Focus file = focus("2026-11", TestApps.ADMIN_KEY);
    JsonNode chargeback = IngestTestData.json(data.get("/v1/reports/chargeback?month=2026-11", TestApps.ADMIN_KEY));
    Map<String, String> totals = new TreeMap<>();
    chargeback.get("teams").forEach(t -> totals.put(t.get("team_id").asText(), t.get("total").asText()));

    Map<String, BigDecimal> billed = new TreeMap<>();
    file.rows().stream().filter(r -> r.get("BillingCurrency").equals(chargeback.get("currency").asText()))
        .forEach(r -> billed.merge(r.get("SubAccountId"), new BigDecimal(r.get("BilledCost")), BigDecimal::add));
    Map<String, String> rounded = new TreeMap<>();
    billed.forEach((team, exact) -> rounded.put(team, exact.setScale(2, RoundingMode.HALF_EVEN).toPlainString()));

    assertThat(rounded).hasSize(4).isEqualTo(totals);
    assertThat(new BigDecimal(rounded.get(a1.teamId().toString()))).isPositive();
  }

  @Test
  void everyChargeLineOfTheMonthIsInExactlyOneRowOfItsTeamClientModelElementAndDay() {
    Focus file = focus("2026-11", financeKey);
    Set<String> keys = new HashSet<>();
    for (Map<String, String> r : file.rows()) {
      // One team's client, model (in the description), element, day, source and price entry: one row.
      assertThat(keys.add(r.get("SubAccountId") + "|" + r.get("ResourceId") + "|" + r.get("ChargeDescription") + "|"
          + r.get("ChargePeriodStart") + "|" + r.get("ServiceName") + "|" + r.get("SkuPriceId"))).as(r.toString())
          .isTrue();
    }
    for (Client client : List.of(a1, a2, b1, c1, e1)) {
      List<Map<String, String>> rows = file.rows().stream()
          .filter(r -> r.get("ResourceId").equals(client.publicId())).toList();
      assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("SubAccountId", client.teamId().toString())
          .containsEntry("ResourceName", client.name()));
      String november = "FROM usage_events e JOIN charge_lines l ON l.event_id = e.id JOIN clients c ON c.id = "
          + "e.client_id WHERE c.client_id = ? AND e.ts >= '2026-11-01T00:00:00Z' AND e.ts < '2026-12-01T00:00:00Z'";
      assertThat(sum(rows, "ListCost")).isEqualByComparingTo(data.decimal("SELECT sum(l.amount) " + november,
          client.publicId()));
      assertThat(sum(rows, "ConsumedQuantity")).isEqualByComparingTo(data.decimal("SELECT sum(l.quantity) "
          + november, client.publicId()));
    }
    // The edge events: in on 1 and 30 November, out on 31 October and 1 December.
    assertThat(file.rows()).filteredOn(r -> r.get("ChargeDescription").startsWith("gpt-4o-2024-08-06 "))
        .extracting(r -> r.get("ChargePeriodStart") + "=" + r.get("ConsumedQuantity"))
        .containsExactly("2026-11-01T00:00:00Z=100", "2026-11-30T00:00:00Z=100");
    assertThat(focus("2026-12", TestApps.ADMIN_KEY).rows()).singleElement()
        .satisfies(r -> assertThat(r).containsEntry("ChargePeriodStart", "2026-12-01T00:00:00Z")
            .containsEntry("BillingPeriodStart", "2026-12-01T00:00:00Z")
            .containsEntry("BillingPeriodEnd", "2027-01-01T00:00:00Z"));
    assertThat(focus("2026-10", TestApps.ADMIN_KEY).rows()).singleElement()
        .satisfies(r -> assertThat(r).containsEntry("ChargePeriodStart", "2026-10-31T00:00:00Z")
            .containsEntry("ChargePeriodEnd", "2026-11-01T00:00:00Z"));
    assertThat(focus("2025-01", TestApps.ADMIN_KEY).rows()).isEmpty();
  }

  @Test
  void oneTeamsDayRowByRow() {
    List<Map<String, String>> rows = focus("2026-11", TestApps.ADMIN_KEY).rows().stream()
        .filter(r -> r.get("ResourceId").equals(e1.publicId())).toList();
    Map<String, String> flexPrice = new HashMap<>();
    IngestTestData.json(data.get("/v1/admin/prices?model=" + MINI + "&service_tier=flex&at=2026-11-03T00:00:00Z",
        TestApps.ADMIN_KEY)).get("items").forEach(i -> flexPrice.put(i.get("element").asText(), i.get("id").asText()));

    assertThat(rows).hasSize(2);
    Map<String, String> prompt = rows.get(0);
    assertThat(prompt).containsEntry("SubAccountId", e1.teamId().toString()).containsEntry("SubAccountName", "Echo")
        .containsEntry("ChargePeriodStart", "2026-11-03T00:00:00Z").containsEntry("ChargePeriodEnd", "2026-11-04T00:00:00Z")
        .containsEntry("ChargeDescription", MINI + " prompt_tokens (flex tier)")
        .containsEntry("ConsumedQuantity", "3000").containsEntry("ConsumedUnit", "Tokens")
        .containsEntry("PricingQuantity", "0.003").containsEntry("PricingUnit", "1000000 Tokens")
        .containsEntry("ListUnitPrice", "0.075").containsEntry("ContractedUnitPrice", "0.075")
        // 3000 x 0.075 / 1e6 = 0.000225; with Echo's 10 % markup 0.0002475.
        .containsEntry("ListCost", "0.000225").containsEntry("ContractedCost", "0.000225")
        .containsEntry("BilledCost", "0.0002475").containsEntry("EffectiveCost", "0.0002475")
        .containsEntry("x_Markup", "0.0000225").containsEntry("x_ServiceTier", "flex")
        .containsEntry("ServiceName", "chat.completions").containsEntry("ProviderName", "OpenAI")
        .containsEntry("ResourceName", "echo-app").containsEntry("SkuId", "gpt-4o-mini*:prompt_tokens")
        .containsEntry("SkuPriceId", flexPrice.get("prompt_tokens"));
    assertThat(tags(prompt)).isEqualTo(Map.of("feature", "summarise"));

    Map<String, String> completion = rows.get(1);
    assertThat(completion).containsEntry("ChargeDescription", MINI + " completion_tokens")
        .containsEntry("ConsumedQuantity", "100").containsEntry("PricingQuantity", "0.0001")
        .containsEntry("ListUnitPrice", "0.6").containsEntry("ListCost", "0.00006").containsEntry("BilledCost", "0.000066")
        .containsEntry("x_Markup", "0.000006").containsEntry("x_ServiceTier", "default")
        .containsEntry("SkuId", "gpt-4o-mini*:completion_tokens")
        .containsEntry("SkuPriceId", flexPrice.get("completion_tokens"));
    // Only the first call had completion tokens: all its tags agree with themselves.
    assertThat(tags(completion)).isEqualTo(Map.of("feature", "summarise", "request", "a"));
  }

  @Test
  void providerNamesComeFromEachTeamsKey() {
    List<Map<String, String>> rows = focus("2026-11", TestApps.ADMIN_KEY).rows();
    Map<String, Set<String>> providers = new HashMap<>();
    rows.forEach(r -> providers.computeIfAbsent(r.get("ResourceId"), k -> new HashSet<>()).add(r.get("ProviderName")));
    assertThat(providers.get(a1.publicId())).containsExactly("OpenAI");
    assertThat(providers.get(b1.publicId())).containsExactly("vLLM cluster");
    // Charlie has no key of its own: the default key (the first one created, OpenAI's).
    assertThat(providers.get(c1.publicId())).containsExactly("OpenAI");
  }

  @Test
  void onlyFinanceAndAdminReadItAndTheMonthIsRequired() {
    assertThat(data.get("/v1/reports/focus?month=2026-11", a1.token()).statusCode()).isEqualTo(403);
    assertThat(data.get("/v1/reports/focus?month=2026-11", null).statusCode()).isEqualTo(401);
    assertThat(data.get("/v1/reports/focus?month=2026-11&format=csv", financeKey).statusCode()).isEqualTo(200);
    assertProblem(data.get("/v1/reports/focus", financeKey), 422, "month");
    assertProblem(data.get("/v1/reports/focus?month=2026-13", financeKey), 400, "month");
    assertProblem(data.get("/v1/reports/focus?month=2026-11&format=json", financeKey), 400, "format");
    assertProblem(data.get("/v1/reports/focus?month=2026-11&team_id=" + a1.teamId(), financeKey), 400, "team_id");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    assertThat(IngestTestData.json(r).get("errors").get(0).get("field").asText()).isEqualTo(field);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> tags(Map<String, String> row) {
    try {
      return IngestTestData.JSON.readValue(row.get("Tags"), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
