package dev.tollgate.collector.periods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.admin.AdminHttp;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Closing a month through the API, and what it protects: a late event dated in the closed month
 * is accepted and rated, billed to the next open month, and leaves the closed month's
 * chargeback identical to the byte, while time-based reports show it on its own date.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClosingMonthIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(ClockedApp.class,
      TestDatabases.create(), c -> { });
  static final String USAGE = "{\"prompt_tokens\":1000000,\"completion_tokens\":500000}";

  static IngestTestData data;
  static AdminHttp admin;
  static Jdbi jdbi;
  static IngestTestData.ClientCreds client;
  static String token;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    admin = new AdminHttp(data.baseUrl);
    var db = APP.getConfiguration().getDatabase();
    jdbi = Jdbi.create(db.getUrl(), db.getUser(), db.getPassword()).installPlugin(new SqlObjectPlugin())
        .installPlugin(new PostgresPlugin());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.ratingExamplePriceBook();
    client = data.activeClient("Ledger team", "10");
    token = data.token(client);
  }

  @Test
  void aLateEventAfterClosingLeavesTheClosedMonthsChargebackIdenticalAndIsBilledToTheNextMonth() {
    ingest(Instant.parse("2026-10-20T10:00:00Z"), Instant.parse("2026-10-31T22:00:00Z"),
        Instant.parse("2026-11-10T09:00:00Z"));
    // Without a close, a late October event changes October's statement: the test below is not vacuous.
    String before = chargeback("2026-10", "json");
    ingest(Instant.parse("2026-10-25T08:00:00Z"));
    assertThat(chargeback("2026-10", "json")).isNotEqualTo(before);

    AdminHttp.Reply closed = admin.post(TestApps.ADMIN_KEY, "/v1/admin/periods/2026-10/close", null);
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    assertThat(closed.json().get("month").asText()).isEqualTo("2026-10");
    assertThat(closed.json().get("closed_at").asText()).isEqualTo(ClockedApp.CLOCK.instant().toString());
    assertThat(closed.json().get("closed_by").asText()).isEqualTo("bootstrap");

    String octoberJson = chargeback("2026-10", "json");
    String octoberCsv = chargeback("2026-10", "csv");
    String octoberFocus = focus("2026-10");
    JsonNode novemberBefore = parse(chargeback("2026-11", "json"));
    long octoberDayBefore = requestsOnDay("2026-10-31");

    UUID late = UUID.randomUUID();
    HttpResponse<String> r = data.post("/v1/usage/events", token, IngestTestData.batch(
        IngestTestData.event(late, Instant.parse("2026-10-31T23:30:00Z"), "gpt-4o-mini", USAGE)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(IngestTestData.json(r).get("accepted").asInt()).isEqualTo(1);

    assertThat(chargeback("2026-10", "json")).isEqualTo(octoberJson);
    assertThat(chargeback("2026-10", "csv")).isEqualTo(octoberCsv);
    assertThat(focus("2026-10")).as("FOCUS selects by billing month too").isEqualTo(octoberFocus);
    List<CSVRecord> novemberFocus = csv(focus("2026-11"));
    assertThat(novemberFocus).anyMatch(row -> row.get("ChargePeriodStart").equals("2026-10-31T00:00:00Z")
        && row.get("ChargePeriodEnd").equals("2026-11-01T00:00:00Z")
        && row.get("BillingPeriodStart").equals("2026-11-01T00:00:00Z"));
    assertThat(csv(octoberFocus)).noneMatch(row -> row.get("BillingPeriodStart").equals("2026-11-01T00:00:00Z"));
    BigDecimal cost = data.decimal("SELECT total_cost FROM usage_events WHERE id = ?", late);
    assertThat(cost).isPositive();
    assertThat(data.count("SELECT count(*) FROM usage_events WHERE id = '" + late
        + "' AND billing_month = DATE '2026-11-01' AND ts = TIMESTAMPTZ '2026-10-31T23:30:00Z'")).isEqualTo(1);
    JsonNode november = parse(chargeback("2026-11", "json"));
    JsonNode teamBefore = novemberBefore.get("teams").get(0);
    JsonNode teamAfter = november.get("teams").get(0);
    assertThat(lineRequests(teamAfter, "gpt-4o-mini")).isEqualTo(lineRequests(teamBefore, "gpt-4o-mini") + 1);
    assertThat(new BigDecimal(teamAfter.get("total").asText()))
        .isGreaterThan(new BigDecimal(teamBefore.get("total").asText()));
    assertThat(requestsOnDay("2026-10-31")).as("time-based reports show it on its own date")
        .isEqualTo(octoberDayBefore + 1);
    JsonNode log = parse(data.get("/v1/reports/transactions?from=2026-10-31T23:00:00Z&to=2026-11-01T00:00:00Z",
        TestApps.ADMIN_KEY).body());
    assertThat(log.get("items")).anyMatch(item -> item.get("id").asText().equals(late.toString())
        && item.get("timestamp").asText().equals("2026-10-31T23:30:00Z"));
  }

  @Test
  void reRatingRefusesARangeThatTouchesAClosedMonth() {
    close("2026-06");
    AdminHttp.Reply refused = admin.post(TestApps.ADMIN_KEY, "/v1/admin/rerate",
        AdminHttp.json("{'from':'2026-06-30T00:00:00Z','to':'2026-07-02T00:00:00Z'}"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("from");
    assertThat(refused.body()).contains("2026-06");
    AdminHttp.Reply before = admin.post(TestApps.ADMIN_KEY, "/v1/admin/rerate",
        AdminHttp.json("{'from':'2026-05-01T00:00:00Z','to':'2026-06-01T00:00:00Z'}"));
    assertThat(before.status()).as("the month before").isEqualTo(200);
    AdminHttp.Reply after = admin.post(TestApps.ADMIN_KEY, "/v1/admin/rerate",
        AdminHttp.json("{'from':'2026-07-01T00:00:00Z','to':'2026-07-02T00:00:00Z'}"));
    assertThat(after.status()).as("the month after").isEqualTo(200);
  }

  @Test
  void onlyAnEndedMonthClosesOnceForeverAndFinanceMayOnlyList() {
    AdminHttp.Reply current = admin.post(TestApps.ADMIN_KEY, "/v1/admin/periods/2026-11/close", null);
    assertThat(current.status()).isEqualTo(422);
    assertThat(current.json().get("errors").get(0).get("field").asText()).isEqualTo("month");
    assertThat(admin.post(TestApps.ADMIN_KEY, "/v1/admin/periods/2026-13/close", null).status()).isEqualTo(400);
    assertThat(admin.post(TestApps.ADMIN_KEY, "/v1/admin/periods/26-1/close", null).status()).isEqualTo(400);

    JsonNode first = close("2026-03");
    ClockedApp.CLOCK.advance(Duration.ofHours(5));
    try {
      AdminHttp.Reply again = admin.post(TestApps.ADMIN_KEY, "/v1/admin/periods/2026-03/close", null);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(first.toString());
    } finally {
      ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    }
    close("2026-02");
    close("2026-01");

    AdminHttp.Reply key = admin.post(TestApps.ADMIN_KEY, "/v1/admin/api-keys",
        AdminHttp.json("{'name':'periods finance','role':'finance'}"));
    String finance = key.json().get("api_key").asText();
    assertThat(admin.post(finance, "/v1/admin/periods/2026-04/close", null).status()).isEqualTo(403);
    assertThat(admin.post(token, "/v1/admin/periods/2026-04/close", null).status()).isEqualTo(403);
    assertThat(admin.get(token, "/v1/admin/periods").status()).isEqualTo(403);

    List<String> months = new ArrayList<>();
    String cursor = null;
    do {
      AdminHttp.Reply page = admin.get(finance, "/v1/admin/periods?limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      page.json().get("items").forEach(item -> months.add(item.get("month").asText()));
      cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
    } while (cursor != null);
    assertThat(months).containsSubsequence("2026-03", "2026-02", "2026-01");
    assertThat(months).isSortedAccordingTo((a, b) -> b.compareTo(a)).doesNotHaveDuplicates();
    assertThat(data.count("SELECT count(*) FROM audit_log WHERE action = 'period.closed' AND target_id = '2026-03'"))
        .as("closing again changes nothing").isEqualTo(1);
  }

  @Test
  void aCloseWaitsForIngestThatMayStillBillToTheMonth() throws Exception {
    CompletableFuture<AdminHttp.Reply> close;
    try (Handle ingest = jdbi.open()) {
      ingest.begin();
      BillingMonths billing = BillingMonths.lock(ingest, Instant.parse("2026-08-15T00:00:00Z"));
      assertThat(billing.of(Instant.parse("2026-08-15T00:00:00Z")).toString()).isEqualTo("2026-08-01");
      close = CompletableFuture.supplyAsync(() -> admin.post(TestApps.ADMIN_KEY, "/v1/admin/periods/2026-08/close",
          null));
      awaitAdvisoryLockWaiter();
      assertThat(close).as("the close waits while an ingest transaction may bill to August").isNotDone();
      ingest.commit();
    }
    assertThat(close.get().status()).isEqualTo(200);
    try (Handle later = jdbi.open()) {
      later.begin();
      assertThat(BillingMonths.lock(later, Instant.parse("2026-08-15T00:00:00Z"))
          .of(Instant.parse("2026-08-15T00:00:00Z")).toString()).isEqualTo("2026-09-01");
      later.rollback();
    }
  }

  private static void awaitAdvisoryLockWaiter() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (data.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        + "AND wait_event_type = 'Lock' AND wait_event = 'advisory'") == 0) {
      assertThat(System.nanoTime()).as("a close waiting on the periods lock").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static JsonNode close(String month) {
    AdminHttp.Reply reply = admin.post(TestApps.ADMIN_KEY, "/v1/admin/periods/" + month + "/close", null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static void ingest(Instant... timestamps) {
    List<String> events = new ArrayList<>();
    for (Instant ts : timestamps) {
      events.add(IngestTestData.event(UUID.randomUUID(), ts, "gpt-4o-mini", USAGE));
    }
    HttpResponse<String> r = data.post("/v1/usage/events", token, IngestTestData.batch(events.toArray(String[]::new)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(IngestTestData.json(r).get("accepted").asInt()).isEqualTo(timestamps.length);
  }

  private static String chargeback(String month, String format) {
    HttpResponse<String> r = data.get("/v1/reports/chargeback?month=" + month + "&format=" + format,
        TestApps.ADMIN_KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static String focus(String month) {
    HttpResponse<String> r = data.get("/v1/reports/focus?month=" + month, TestApps.ADMIN_KEY);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static List<CSVRecord> csv(String body) {
    try {
      return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body))
          .getRecords();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long requestsOnDay(String day) {
    JsonNode usage = parse(data.get("/v1/reports/usage?from=2026-10-01T00:00:00Z&to=2026-12-01T00:00:00Z"
        + "&group_by=day&team_id=" + client.teamId(), TestApps.ADMIN_KEY).body());
    for (JsonNode row : usage.get("items")) {
      if (row.get("day").asText().equals(day)) {
        return row.get("requests").asLong();
      }
    }
    return 0;
  }

  private static long lineRequests(JsonNode team, String model) {
    for (JsonNode line : team.get("lines")) {
      if (model.equals(line.get("model").asText())) {
        return line.get("requests").asLong();
      }
    }
    return 0;
  }

  private static JsonNode parse(String body) {
    try {
      return IngestTestData.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
