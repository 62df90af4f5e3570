package dev.tollgate.collector.usage;

import static dev.tollgate.collector.usage.IngestTestData.batch;
import static dev.tollgate.collector.usage.IngestTestData.event;
import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15, defects 1 to 3: counts beyond the bounds cannot wrap a hard quota's usage, no
 * stored value can break a report, and text PostgreSQL cannot store (NUL) rejects only its
 * own event.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class IngestBoundsIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> { });
  static final Instant NOW = ClockedApp.DEFAULT_NOW;
  static final String HUGE = Long.toString(Long.MAX_VALUE);
  static IngestTestData data;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.ratingExamplePriceBook();
  }

  @Test
  void hugeCountsCannotWrapAUsedUpHardTokenQuotaBackIntoCredit() {
    IngestTestData.ClientCreds client = data.activeClient("Overflow", "0");
    UUID quota = data.quota(data.subscriptionOf(client.teamId()), "tokens", "month", "1000", "hard");
    String token = data.token(client);
    HttpResponse<String> used = data.post("/v1/usage/events", token,
        batch(event(UUID.randomUUID(), NOW.minusSeconds(30), "gpt-4o", "{\"prompt_tokens\":600,\"completion_tokens\":400}")));
    assertThat(json(used).get("accepted").asInt()).as(used.body()).isEqualTo(1);
    assertThat(lease(token).statusCode()).isEqualTo(402);

    HttpResponse<String> attack = data.post("/v1/usage/events", token, batch(event(UUID.randomUUID(),
        NOW.minusSeconds(20), "gpt-4o", "{\"prompt_tokens\":" + HUGE + ",\"completion_tokens\":" + HUGE + "}")));

    assertThat(attack.statusCode()).as(attack.body()).isEqualTo(200);
    JsonNode body = json(attack);
    assertThat(body.get("accepted").asInt()).isZero();
    assertThat(body.get("rejected").get(0).get("errors").findValuesAsText("field"))
        .contains("usage.prompt_tokens", "usage.completion_tokens");
    assertThat(data.decimal("SELECT used FROM quota_counters WHERE quota_id = ?", quota)).isEqualByComparingTo("1000");
    assertThat(lease(token).statusCode()).isEqualTo(402);
  }

  @Test
  void aBillionTokensIsTheLargestCountAccepted() {
    IngestTestData.ClientCreds client = data.activeClient("Bounds", "0");
    String token = data.token(client);
    String atBound = event(UUID.randomUUID(), NOW.minusSeconds(5), "gpt-4o",
        "{\"prompt_tokens\":1000000000,\"cached_prompt_tokens\":1000000000,\"completion_tokens\":1000000000}");
    String overBound = event(UUID.randomUUID(), NOW.minusSeconds(5), "gpt-4o", "{\"completion_tokens\":1000000001}");

    JsonNode body = json(data.post("/v1/usage/events", token, batch(atBound, overBound)));

    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").get(0).get("errors").get(0).get("field").asText())
        .isEqualTo("usage.completion_tokens");
  }

  /** Rows a collector without bounds stored: counts near 2^63, and rollups already past it in sum. */
  @Test
  void reportsReadAnyStoredCountsAndRollupsNeverOverflow() {
    IngestTestData.ClientCreds a = data.activeClient("Legacy", "0");
    IngestTestData.ClientCreds b = data.client(a.teamId(), "active");
    Instant at = Instant.parse("2026-11-20T10:00:00Z");
    storeLegacyEvent(a, at);
    storeLegacyEvent(b, at.plusSeconds(60));
    data.jdbi.useHandle(h -> h.execute("""
        INSERT INTO usage_daily (day, team_id, client_id, product_id, model, source, is_error, currency, requests,
          prompt_tokens, completion_tokens, cost, billing_month)
        SELECT '2026-11-20', s.team_id, ?, s.product_id, 'gpt-4o', 'chat.completions', false, 'USD', 1,
          9223372036854775807, 9223372036854775807, 0, '2026-11-01'
        FROM subscriptions s WHERE s.team_id = ?""", a.id(), a.teamId()));
    String teamFilter = "&team_id=" + a.teamId();

    // The raw-event path (a range that is not whole days) and the rollup path (whole days).
    JsonNode raw = reportItems("/v1/reports/usage?from=2026-11-20T09:00:00Z&to=2026-11-20T11:00:00Z&group_by=team"
        + teamFilter);
    JsonNode rollup = reportItems("/v1/reports/usage?from=2026-11-20&to=2026-11-21&group_by=team" + teamFilter);

    BigInteger twice = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO);
    assertThat(raw.get(0).get("prompt_tokens").bigIntegerValue()).isEqualTo(twice);
    assertThat(raw.get(0).get("total_tokens").bigIntegerValue()).isEqualTo(twice.add(BigInteger.TWO));
    assertThat(rollup.get(0).get("prompt_tokens").bigIntegerValue()).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
    assertThat(reportItems("/v1/reports/transactions?from=2026-11-20&to=2026-11-21" + teamFilter)).hasSize(2);
    assertThat(reportItems("/v1/reports/performance?from=2026-11-20&to=2026-11-21&group_by=team" + teamFilter))
        .hasSize(1);
    HttpResponse<String> chargeback = data.get("/v1/reports/chargeback?month=2026-11" + teamFilter, TestApps.ADMIN_KEY);
    assertThat(chargeback.statusCode()).as(chargeback.body()).isEqualTo(200);
    assertThat(data.get("/v1/reports/usage?from=2026-11-20&to=2026-11-21&format=csv" + teamFilter,
        TestApps.ADMIN_KEY).statusCode()).isEqualTo(200);

    // One more event on the same rollup row takes it past BIGINT: the batch is still stored.
    ClockedApp.CLOCK.set(Instant.parse("2026-11-20T12:00:00Z"));
    try {
      JsonNode more = json(data.post("/v1/usage/events", data.token(a), batch(event(UUID.randomUUID(),
          Instant.parse("2026-11-20T11:00:00Z"), "gpt-4o", "{\"prompt_tokens\":1000000000}"))));
      assertThat(more.get("accepted").asInt()).as(more.toString()).isEqualTo(1);
    } finally {
      ClockedApp.CLOCK.set(NOW);
    }
    assertThat(data.decimal("SELECT prompt_tokens FROM usage_daily WHERE client_id = ? AND model = 'gpt-4o'", a.id()))
        .isEqualByComparingTo(new java.math.BigDecimal(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1_000_000_000))));
  }

  static Stream<Arguments> textNoDatabaseCanStore() {
    return Stream.of(
        Arguments.of("\"model\":\"gpt\\u0000-4o\"", "model"),
        Arguments.of("\"end_user\":\"u\\u0000\"", "end_user"),
        Arguments.of("\"trace_id\":\"t\\u0007\"", "trace_id"),
        Arguments.of("\"request_model\":\"gpt\\ud800\"", "request_model"),
        Arguments.of("\"tags\":{\"feature\":\"a\\u0000b\"}", "tags.feature"),
        Arguments.of("\"tags\":{\"fea\\u0000ture\":\"x\"}", "tags"),
        Arguments.of("\"error\":{\"message\":\"broken\\u0000\"}", "error"),
        Arguments.of("\"error\":{\"message\":\"half \\udc00 a pair\"}", "error"),
        Arguments.of("\"method\":\"PO\\u001fST\"", "method"));
  }

  @ParameterizedTest
  @MethodSource("textNoDatabaseCanStore")
  void unstorableOrControlTextRejectsOnlyItsEvent(String field, String name) {
    IngestTestData.ClientCreds client = data.activeClient("Text " + UUID.randomUUID(), "0");
    String token = data.token(client);
    UUID bad = UUID.randomUUID();
    String badEvent = "{\"id\":\"" + bad + "\",\"timestamp\":\"" + NOW.minusSeconds(5)
        + "\",\"endpoint\":\"/v1/chat/completions\",\"status_code\":200,\"latency_ms\":5," + field + "}";
    String before = event(UUID.randomUUID(), NOW.minusSeconds(6), "gpt-4o", "{\"prompt_tokens\":1}");
    String after = event(UUID.randomUUID(), NOW.minusSeconds(4), "gpt-4o", "{\"prompt_tokens\":1}");

    HttpResponse<String> r = data.post("/v1/usage/events", token, batch(before, badEvent, after));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").get(0).get("errors").findValuesAsText("field")).contains(name);
    assertThat(data.count("SELECT count(*) FROM usage_events WHERE id = '" + bad + "'")).isZero();
  }

  static Stream<Arguments> outOfRange() {
    return Stream.of(
        Arguments.of("\"timestamp\":\"2026-11-27T11:59:00Z\"", "\"timestamp\":\"0001-01-01T00:00:00Z\"", "timestamp"),
        Arguments.of("\"timestamp\":\"2026-11-27T11:59:00Z\"", "\"timestamp\":\"2019-12-31T23:59:59Z\"", "timestamp"),
        Arguments.of("\"latency_ms\":120", "\"latency_ms\":86400001", "latency_ms"),
        Arguments.of("\"latency_ms\":120", "\"latency_ms\":120,\"time_to_first_token_ms\":86400001",
            "time_to_first_token_ms"),
        Arguments.of("\"endpoint\":\"/v1/chat/completions\"", "\"endpoint\":\"/" + "x".repeat(256) + "\"", "endpoint"),
        Arguments.of("\"latency_ms\":120", "\"latency_ms\":120,\"tags\":{" + manyTags(33) + "}", "tags"));
  }

  @ParameterizedTest
  @MethodSource("outOfRange")
  void valuesOutsideTheBoundsAreRejectedNamingTheField(String from, String to, String field) {
    IngestTestData.ClientCreds client = data.activeClient("Range " + UUID.randomUUID(), "0");
    String bad = event(UUID.randomUUID(), Instant.parse("2026-11-27T11:59:00Z"), "gpt-4o", null).replace(from, to);

    JsonNode body = json(data.post("/v1/usage/events", data.token(client), batch(bad)));

    assertThat(body.get("accepted").asInt()).as(body.toString()).isZero();
    assertThat(body.get("rejected").get(0).get("errors").findValuesAsText("field")).contains(field);
  }

  private static String manyTags(int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    return out.toString();
  }

  private static HttpResponse<String> lease(String token) {
    return data.post("/v1/quota/lease", token, "{\"model\":\"gpt-4o\",\"estimate\":{\"tokens\":10}}");
  }

  private static JsonNode reportItems(String path) {
    HttpResponse<String> r = data.get(path, TestApps.ADMIN_KEY);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return json(r).get("items");
  }

  private static void storeLegacyEvent(IngestTestData.ClientCreds client, Instant at) {
    data.jdbi.useHandle(h -> h.execute("""
        INSERT INTO usage_events (id, ts, received_at, team_id, client_id, endpoint, source, rated_model,
          status_code, latency_ms, prompt_tokens, completion_tokens, rated_at, billing_month)
        VALUES (?, ?, ?, ?, ?, '/v1/chat/completions', 'chat.completions', 'gpt-4o', 200, 10,
          9223372036854775807, 1, ?, date_trunc('month', ?::timestamptz AT TIME ZONE 'UTC')::date)""", UUID.randomUUID(), at.atOffset(java.time.ZoneOffset.UTC),
        at.atOffset(java.time.ZoneOffset.UTC), client.teamId(), client.id(), at.atOffset(java.time.ZoneOffset.UTC),
        at.atOffset(java.time.ZoneOffset.UTC)));
  }
}
