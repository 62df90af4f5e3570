package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.reports.ReportsTestData.Client;
import dev.tollgate.collector.reports.ReportsTestData.Team;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The web console in a real headless Chromium: sign-in, every page showing the figures the
 * REST API returns for the same data, drill-down, a filter, the usage CSV equal to the page,
 * finance without write controls, a script-bearing team name shown as text, sign-out. The tests
 * run in order in one browser (signing in costs a page load) and leave a screenshot of each page
 * in docs/console/.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();
  static final String NOVEMBER = "from=2026-11-01&to=2026-12-01";
  static final String SCRIPT_TEAM = "<script>alert('owned')</script>";
  /** A team name a spreadsheet would run as a formula: the CSV carries it as {@code '=SUM(1,2) Team}. */
  static final String FORMULA_TEAM = "=SUM(1,2) Team";

  static ReportsFixture world;
  static ConsoleBrowser browser;
  static String base;
  static String financeKey;
  static Team scriptTeam;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    if (ConsoleBrowser.missing().isPresent()) {
      System.err.println("ConsoleBrowserIT: " + ConsoleBrowser.missing().get());
      return;
    }
    world = new ReportsFixture(APP, 41).load(150);
    scriptTeam = world.data.team(SCRIPT_TEAM);
    recordGpt4o(world.data.client(scriptTeam, "script-app"));
    recordGpt4o(world.data.client(world.data.team(FORMULA_TEAM), "formula-app"));
    world.data.modelSeen("unpriced-finetune", ReportsFixture.NOV);
    base = "http://localhost:" + APP.getLocalPort();
    HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(base + "/v1/admin/api-keys"))
        .header("Authorization", "Bearer " + TestApps.ADMIN_KEY).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"console finance\",\"role\":\"finance\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    financeKey = world.json.readTree(created.body()).get("api_key").asText();
    browser = ConsoleBrowser.start();
  }

  /** Three November gpt-4o calls of the client, so that a usage filter on gpt-4o shows its team. */
  static void recordGpt4o(Client client) {
    for (int i = 0; i < 3; i++) {
      ReportsTestData.Event e = world.randomEvent(world.randomInstant(ReportsFixture.NOV, ReportsFixture.DEC));
      world.record(List.of(new ReportsTestData.Event(e.id(), e.ts(), client, e.source(), "gpt-4o", "gpt-4o", 200,
          e.latencyMs(), e.ttftMs(), e.endUser(), e.tags(), 100 + i, 0, 50 + i, 0, null,
          List.of(new ReportsTestData.Charge("prompt_tokens", 100 + i, new java.math.BigDecimal("2.50"),
              new java.math.BigDecimal("1000000"))), false, "USD")));
    }
  }

  /** Each test is skipped, with the reason, when Chromium or chromedriver is not installed. */
  @BeforeEach
  void browserInstalled() {
    assumeTrue(ConsoleBrowser.missing().isEmpty(), () -> ConsoleBrowser.missing().orElse(""));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @Order(1)
  void aClientTokenOrAWrongKeyDoesNotOpenTheConsole() {
    browser.open(base + "/console");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/console/login");
    browser.screenshot("login");
    signIn(world.clientToken(world.a1));
    assertThat(browser.driver.findElement(By.id("error")).getText()).contains("does not open the console");
    signIn("tgk_not-a-key");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/console/login");
    assertThat(browser.driver.manage().getCookieNamed("tollgate_console")).isNull();
  }

  @Test
  @Order(2)
  void theSessionCookieIsHttpOnlyAndStrictAndPagesCarryACsp() throws Exception {
    HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("api_key=" + TestApps.ADMIN_KEY)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).isEqualTo(303);
    String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/console").doesNotContain("Secure");
    HttpResponse<String> page = get("/console", cookie.substring(0, cookie.indexOf(';')));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'").doesNotContain("unsafe-inline");
    assertThat(page.body()).doesNotContain("<script", "style=\"");
  }

  @Test
  @Order(3)
  void theOverviewShowsTheApisSpendByTeamAndTheScriptTeamAsText() {
    signIn(TestApps.ADMIN_KEY);
    assertThat(browser.driver.getCurrentUrl()).endsWith("/console");
    browser.open(base + "/console?month=2026-11");
    JsonNode api = world.getJson("usage?" + NOVEMBER + "&group_by=team").get("items");
    assertThat(browser.table("spend-by-team")).isEqualTo(rows(api, "team", "requests", "total_tokens", "cost",
        "currency"));
    assertThat(browser.table("spend-by-team")).extracting(r -> r.get(0)).contains(SCRIPT_TEAM);
    browser.assertNoAlert();
    JsonNode days = world.getJson("usage?" + NOVEMBER + "&group_by=day").get("items");
    assertThat(browser.table("spend-by-day")).isEqualTo(rows(days, "day", "requests", "cost", "currency"));
    assertThat(browser.driver.findElement(By.id("unpriced-flag")).getText()).contains("without a price");
    assertThat(browser.table("unpriced-models")).extracting(r -> r.get(0)).contains("unpriced-finetune");
    browser.screenshot("overview");
  }

  @Test
  @Order(4)
  void theTransactionLogFiltersByTeamAndDrillsDownToTheApisChargeLines() {
    browser.open(base + "/console/transactions?" + NOVEMBER);
    browser.driver.findElement(By.cssSelector("#team_id option[value='" + world.teamB.id() + "']")).click();
    browser.clickAndWait(By.id("apply"));
    assertThat(browser.driver.getCurrentUrl()).contains("team_id=" + world.teamB.id());
    JsonNode api = world.getJson("transactions?" + NOVEMBER + "&team_id=" + world.teamB.id() + "&limit=50")
        .get("items");
    List<List<String>> shown = browser.table("transactions");
    assertThat(shown).isNotEmpty().isEqualTo(rows(api, "timestamp", "team", "client", "source", "model",
        "prompt_tokens", "completion_tokens", "latency_ms", "status_code", "total_cost", "currency"));
    browser.screenshot("transactions");

    browser.clickAndWait(By.cssSelector("#transactions tbody tr td a"));
    JsonNode detail = world.getJson("transactions/" + api.get(0).get("id").asText());
    assertThat(browser.table("charges")).isEqualTo(rows(detail.get("charges"), "element", "quantity", "unit_price",
        "per", "amount", "service_tier"));
    assertThat(browser.driver.findElement(By.id("f-total_cost")).getText())
        .isEqualTo(detail.get("total_cost").asText() + " " + detail.get("currency").asText());
    browser.screenshot("transaction");
  }

  @Test
  @Order(4)
  void theTransactionLogFiltersByEndUserAndTagAsTheApiDoes() {
    browser.open(base + "/console/transactions?" + NOVEMBER);
    browser.driver.findElement(By.id("end_user")).sendKeys("user-1");
    browser.driver.findElement(By.id("tag")).sendKeys("feature=f1");
    browser.clickAndWait(By.id("apply"));
    JsonNode api = world.getJson("transactions?" + NOVEMBER + "&end_user=user-1&tag.feature=f1&limit=50")
        .get("items");
    assertThat(api).as("the fixture has such calls").isNotEmpty();
    assertThat(browser.table("transactions")).isEqualTo(rows(api, "timestamp", "team", "client", "source", "model",
        "prompt_tokens", "completion_tokens", "latency_ms", "status_code", "total_cost", "currency"));
    assertThat(browser.driver.findElement(By.id("tag")).getAttribute("value")).isEqualTo("feature=f1");
  }

  @Test
  @Order(5)
  void performanceShowsTheApisPercentilesByClient() {
    browser.open(base + "/console/performance?" + NOVEMBER + "&group_by=client");
    JsonNode api = world.getJson("performance?" + NOVEMBER + "&group_by=client").get("items");
    assertThat(browser.table("performance")).isNotEmpty().isEqualTo(rows(api, columns(api)));
    JsonNode days = world.getJson("performance?" + NOVEMBER + "&interval=day").get("items");
    assertThat(browser.table("performance-days")).isNotEmpty().isEqualTo(rows(days, columns(days)));
    assertThat(browser.driver.findElements(By.cssSelector("svg.chart path.line"))).hasSize(5);
    browser.screenshot("performance");

    // Sorting by a column's header: the same rows, by P95 descending on the second click.
    browser.clickAndWait(By.linkText("latency_p95_ms"));
    browser.clickAndWait(By.linkText("latency_p95_ms ▲"));
    assertThat(browser.driver.getCurrentUrl()).contains("sort=-latency_p95_ms");
    List<List<String>> sorted = new ArrayList<>(rows(api, columns(api)));
    int p95 = List.of(columns(api)).indexOf("latency_p95_ms");
    sorted.sort((a, b) -> new java.math.BigDecimal(b.get(p95)).compareTo(new java.math.BigDecimal(a.get(p95))));
    assertThat(browser.table("performance")).isEqualTo(sorted);
  }

  @Test
  @Order(6)
  void usageShowsTheApisRowsAndItsCsvHasExactlyThoseRows() throws Exception {
    browser.open(base + "/console/usage?" + NOVEMBER + "&group_by=team&group_by=model&model=gpt-4o");
    JsonNode api = world.getJson("usage?" + NOVEMBER + "&group_by=team&group_by=model&model=gpt-4o").get("items");
    List<List<String>> shown = browser.table("usage");
    assertThat(shown).isNotEmpty().isEqualTo(rows(api, columns(api)));
    // The element chart's table: each token element summed over the API's rows.
    List<List<String>> elements = new ArrayList<>();
    for (String element : List.of("prompt_tokens", "cached_prompt_tokens", "cache_write_prompt_tokens",
        "audio_prompt_tokens", "completion_tokens", "reasoning_tokens", "audio_completion_tokens")) {
      long sum = 0;
      for (JsonNode row : api) {
        sum += row.get(element).asLong();
      }
      elements.add(List.of(element, Long.toString(sum)));
    }
    assertThat(browser.table("usage-elements")).isEqualTo(elements);
    assertThat(elements.get(0).get(1)).isNotEqualTo("0");
    browser.screenshot("usage");

    String href = browser.driver.findElement(By.id("download-csv")).getAttribute("href");
    HttpResponse<String> csv = get(URI.create(href).getRawPath() + "?" + URI.create(href).getRawQuery(),
        "tollgate_console=" + browser.cookie());
    assertThat(csv.statusCode()).isEqualTo(200);
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body())).getRecords();
    List<List<String>> fromCsv = new ArrayList<>();
    for (CSVRecord record : records) {
      // A text cell starting with a formula character carries a leading ' in the CSV only.
      fromCsv.add(record.stream().map(c -> c.startsWith("'") ? c.substring(1) : c).toList());
    }
    assertThat(fromCsv).isEqualTo(shown);
    assertThat(shown).extracting(r -> r.get(1)).contains(SCRIPT_TEAM, FORMULA_TEAM);
    assertThat(csv.body()).contains("\"'" + FORMULA_TEAM + "\"");
  }

  @Test
  @Order(7)
  void sourcesShowTheApisCostBySource() {
    browser.open(base + "/console/sources?" + NOVEMBER);
    JsonNode api = world.getJson("usage?" + NOVEMBER + "&group_by=source").get("items");
    assertThat(browser.table("sources")).isNotEmpty().isEqualTo(rows(api, "source", "requests", "errors",
        "total_tokens", "cost", "currency"));
    browser.screenshot("sources");
  }

  @Test
  @Order(8)
  void chargebackShowsTheApisTeamTotalsAndFinanceCannotCloseTheMonth() throws Exception {
    browser.open(base + "/console/chargeback?month=2026-11");
    JsonNode api = world.getJson("chargeback?month=2026-11").get("teams");
    assertThat(browser.table("chargeback-teams")).isNotEmpty().isEqualTo(rows(api, "team", "total"));
    assertThat(browser.driver.findElements(By.id("close-month"))).hasSize(1);
    browser.screenshot("chargeback");

    signOut();
    signIn(financeKey);
    assertThat(browser.driver.findElement(By.id("role")).getText()).isEqualTo("finance");
    browser.open(base + "/console/chargeback?month=2026-11");
    assertThat(browser.table("chargeback-teams")).isEqualTo(rows(api, "team", "total"));
    assertThat(browser.driver.findElements(By.cssSelector("main form[method=post]"))).isEmpty();
    // Even a hand-made POST with the session's own cookie is refused for finance.
    HttpResponse<String> forged = post("/console/chargeback/close", "tollgate_console=" + browser.cookie(),
        "month=2026-11&csrf=" + csrfOfThisPage());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("Only an admin");
    assertThat(world.getJson("chargeback?month=2026-11").get("teams")).isEqualTo(api);
    assertThat(browser.driver.findElements(By.linkText("Admin"))).isEmpty();
    assertThat(get("/console/admin/audit", "tollgate_console=" + browser.cookie()).statusCode()).isEqualTo(403);
  }

  @Test
  @Order(9)
  void anAdminClosesTheEndedMonthWithTheFormWhichTheAuditLogPageShows() throws Exception {
    signOut();
    signIn(TestApps.ADMIN_KEY);
    HttpResponse<String> noToken = post("/console/chargeback/close", "tollgate_console=" + browser.cookie(),
        "month=2026-11");
    assertThat(noToken.statusCode()).isEqualTo(403);
    browser.open(base + "/console/chargeback?month=2026-11");
    assertThat(browser.driver.findElement(By.id("period-status")).getText()).isEqualTo("Open.");
    browser.clickAndWait(By.id("close-month"));
    assertThat(browser.driver.findElement(By.id("period-status")).getText()).startsWith("Closed at");

    browser.clickAndWait(By.linkText("Admin"));
    browser.clickAndWait(By.linkText("Audit log"));
    HttpResponse<String> auditApi = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/audit?limit=50"))
        .header("Authorization", "Bearer " + TestApps.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode audit = world.json.readTree(auditApi.body()).get("items");
    assertThat(audit.get(0).get("action").asText()).isEqualTo("period.closed");
    assertThat(browser.table("audit")).extracting(r -> r.subList(0, 5))
        .isEqualTo(rows(audit, "at", "actor", "action", "target_type", "target_id"));
    browser.screenshot("audit");
    assertThat(get("/v1/admin/periods", null).statusCode()).isEqualTo(401);
  }

  @Test
  @Order(10)
  void signingOutEndsTheSession() throws Exception {
    String cookie = "tollgate_console=" + browser.cookie();
    signOut();
    assertThat(browser.driver.getCurrentUrl()).endsWith("/console/login");
    HttpResponse<String> after = get("/console", cookie);
    assertThat(after.statusCode()).isEqualTo(303);
    assertThat(after.headers().firstValue("Location").orElseThrow()).endsWith("/console/login");
  }

  private void signIn(String key) {
    browser.signIn(base, key);
  }

  private void signOut() {
    browser.clickAndWait(By.id("sign-out"));
  }

  private String csrfOfThisPage() {
    return browser.driver.findElement(By.cssSelector("form.signout input[name=csrf]")).getAttribute("value");
  }

  private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, String form) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String[] columns(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.get(0).fieldNames().forEachRemaining(out::add);
    return out.toArray(String[]::new);
  }

  /** The API's items as the page's cells: JSON text, null as empty, decimals in plain notation. */
  static List<List<String>> rows(JsonNode items, String... columns) {
    List<List<String>> out = new ArrayList<>();
    for (JsonNode item : items) {
      List<String> cells = new ArrayList<>();
      for (String column : columns) {
        JsonNode v = item.get(column);
        cells.add(v == null || v.isNull() ? "" : v.isFloatingPointNumber() ? v.decimalValue().toPlainString()
            : v.asText());
      }
      out.add(cells);
    }
    return out;
  }
}
