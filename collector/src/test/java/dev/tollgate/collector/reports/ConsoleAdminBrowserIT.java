package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The console's admin pages in a real headless Chromium (the browser of {@link ConsoleBrowserIT}):
 * an admin creates a team, a client (its secret shown once), a price, a product, a subscription
 * and its quotas through the pages, and the REST API then returns each; a refused form shows the
 * API's field and message; a team named {@code <img src=x onerror=alert(1)>} is text; finance
 * sees no admin page and every write it crafts is refused with 403 and changes nothing. The tests
 * run in order in one browser and leave a screenshot of each admin page.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAdminBrowserIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();
  static final String IMG_TEAM = "<img src=x onerror=alert(1)>";

  static ConsoleBrowser browser;
  static String base;
  static String financeKey;
  static String teamId;
  static String subscriptionId;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = TollgateApplication.configureJson(new ObjectMapper());

  @BeforeAll
  static void start() throws Exception {
    if (ConsoleBrowser.missing().isPresent()) {
      System.err.println("ConsoleAdminBrowserIT: " + ConsoleBrowser.missing().get());
      return;
    }
    base = "http://localhost:" + APP.getLocalPort();
    browser = ConsoleBrowser.start();
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
  void anAdminCreatesATeamWhoseScriptNameIsTextAndARefusedFormShowsTheApisReason() throws Exception {
    financeKey = api("POST", "api-keys", "{\"name\":\"finance reader\",\"role\":\"finance\"}", 201)
        .get("api_key").asText();
    signIn(TestApps.ADMIN_KEY);
    browser.clickAndWait(By.linkText("Admin"));
    browser.clickAndWait(By.linkText("Teams"));
    assertThat(browser.table("teams")).isEmpty();
    assertThat(browser.driver.findElement(By.cssSelector("#teams td.empty")).getText()).startsWith("No teams yet");

    browser.driver.findElement(By.id("name")).sendKeys(IMG_TEAM);
    browser.driver.findElement(By.id("description")).sendKeys("made in the console");
    browser.clickAndWait(By.id("create-team"));
    assertThat(browser.driver.findElement(By.id("notice")).getText()).isEqualTo("Created team " + IMG_TEAM + ".");
    browser.assertNoAlert();
    assertThat(browser.driver.findElements(By.cssSelector("main img"))).isEmpty();
    JsonNode team = api("GET", "teams", null, 200).get("items").get(0);
    assertThat(team.get("name").asText()).isEqualTo(IMG_TEAM);
    assertThat(team.get("description").asText()).isEqualTo("made in the console");
    teamId = team.get("id").asText();
    assertThat(browser.table("teams")).extracting(r -> r.get(0)).containsExactly(IMG_TEAM);
    JsonNode audit = api("GET", "audit?limit=1", null, 200).get("items").get(0);
    assertThat(audit.get("action").asText()).isEqualTo("team.created");
    assertThat(audit.get("actor").asText()).isEqualTo(api("GET", "audit?limit=1", null, 200).get("items").get(0)
        .get("actor").asText());

    // The same name again: the API's 409 and its reason, on the page.
    JsonNode refused = api("POST", "teams", "{\"name\":" + json.writeValueAsString(IMG_TEAM) + "}", 409);
    browser.driver.findElement(By.id("name")).sendKeys(IMG_TEAM);
    browser.clickAndWait(By.id("create-team"));
    assertThat(browser.driver.findElement(By.cssSelector("#error p")).getText())
        .isEqualTo(refused.get("detail").asText());
    // No name: the API's 422 field and message.
    JsonNode blank = api("POST", "teams", "{\"name\":\"\"}", 422);
    browser.clickAndWait(By.id("create-team"));
    assertThat(browser.driver.findElement(By.cssSelector("#error .field-error")).getText())
        .isEqualTo(blank.get("errors").get(0).get("field").asText() + ": "
            + blank.get("errors").get(0).get("message").asText());
    assertThat(api("GET", "teams", null, 200).get("items")).hasSize(1);
    // An admin's form without the session's CSRF token (as another site would post it) changes nothing.
    HttpResponse<String> forged = send("POST", "/console/admin/teams", "tollgate_console=" + browser.cookie(),
        "name=forged");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(api("GET", "teams", null, 200).get("items")).hasSize(1);
    browser.open(base + "/console/admin/teams");
    browser.screenshot("admin-teams");
  }

  @Test
  @Order(2)
  void aClientsSecretIsShownOnceAndNotOnReload() throws Exception {
    browser.clickAndWait(By.linkText("Clients"));
    String url = browser.driver.getCurrentUrl();
    assertThat(url).endsWith("/console/admin/teams/" + teamId + "/clients");
    browser.driver.findElement(By.id("name")).sendKeys("billing-app");
    browser.clickAndWait(By.id("create-client"));
    String secret = browser.driver.findElement(By.id("client_secret")).getText();
    JsonNode client = api("GET", "teams/" + teamId + "/clients", null, 200).get("items").get(0);
    assertThat(client.get("name").asText()).isEqualTo("billing-app");
    assertThat(secret).isNotBlank();
    // Accepted (the team has no subscription yet, so 402 rather than a token), where a wrong secret is 401.
    assertThat(token(client.get("client_id").asText(), secret)).isEqualTo(402);
    assertThat(token(client.get("client_id").asText(), secret + "x")).isEqualTo(401);
    browser.screenshot("admin-client-secret");

    browser.open(url);
    assertThat(browser.driver.findElements(By.id("client_secret"))).isEmpty();
    assertThat(browser.driver.getPageSource()).doesNotContain(secret);
    assertThat(browser.table("clients")).extracting(r -> r.subList(0, 3))
        .containsExactly(List.of("billing-app", client.get("client_id").asText(), "active"));
    browser.screenshot("admin-clients");

    browser.clickAndWait(By.id("rotate-" + client.get("id").asText()));
    String rotated = browser.driver.findElement(By.id("client_secret")).getText();
    assertThat(rotated).isNotEqualTo(secret);
    assertThat(token(client.get("client_id").asText(), secret)).isEqualTo(401);
    assertThat(token(client.get("client_id").asText(), rotated)).isEqualTo(402);
    browser.clickAndWait(By.id("disable-client-" + client.get("id").asText()));
    assertThat(api("GET", "clients/" + client.get("id").asText(), null, 200).get("status").asText())
        .isEqualTo("disabled");
  }

  @Test
  @Order(3)
  void anAdminAddsAPriceAProductAndASubscriptionWithQuotasWhichTheApiReturns() throws Exception {
    browser.open(base + "/console/admin/prices");
    browser.driver.findElement(By.id("model")).sendKeys("console-model");
    choose("element", "prompt_tokens");
    browser.driver.findElement(By.id("price")).sendKeys("1.25");
    browser.clickAndWait(By.id("add-price"));
    assertThat(browser.driver.findElement(By.id("notice")).getText()).isEqualTo("Added the price.");
    JsonNode price = api("GET", "prices?model=console-model", null, 200).get("items").get(0);
    assertThat(price.get("price").asText()).isEqualTo("1.25");
    assertThat(price.get("per").asText()).isEqualTo("1000000");
    browser.open(base + "/console/admin/prices?model=console-model");
    assertThat(browser.table("prices")).containsExactly(List.of("console-model", price.get("service_tier").asText(),
        "prompt_tokens", "1.25", "1000000", "USD", price.get("effective_from").asText()));
    browser.screenshot("admin-prices");
    // A price the service refuses: its reason on the page, as the API answers it.
    JsonNode refused = api("PUT", "prices", "{\"prices\":[{\"model\":\"console-model\",\"element\":\"prompt_tokens\","
        + "\"price\":-1}]}", 422);
    browser.driver.findElement(By.id("model")).sendKeys("console-model");
    browser.driver.findElement(By.id("price")).sendKeys("-1");
    browser.clickAndWait(By.id("add-price"));
    assertThat(browser.driver.findElement(By.cssSelector("#error p")).getText())
        .isEqualTo(refused.get("detail").asText());

    browser.open(base + "/console/admin/products");
    browser.driver.findElement(By.id("name")).sendKeys("Console gateway");
    browser.driver.findElement(By.id("markup_percent")).clear();
    browser.driver.findElement(By.id("markup_percent")).sendKeys("10");
    browser.driver.findElement(By.cssSelector("input[name=source_ids]")).click();
    browser.clickAndWait(By.id("create-product"));
    JsonNode product = api("GET", "products", null, 200).get("items").get(0);
    assertThat(product.get("name").asText()).isEqualTo("Console gateway");
    assertThat(product.get("markup_percent").decimalValue()).isEqualByComparingTo("10");
    browser.screenshot("admin-products");

    browser.open(base + "/console/admin/subscriptions");
    choose("team_id", teamId);
    choose("product_id", product.get("id").asText());
    choose("unit", "cost");
    choose("period", "month");
    browser.driver.findElement(By.id("limit")).sendKeys("25.50");
    browser.clickAndWait(By.id("create-subscription"));
    JsonNode subscription = api("GET", "subscriptions?team_id=" + teamId, null, 200).get("items").get(0);
    subscriptionId = subscription.get("id").asText();
    assertThat(subscription.get("quotas")).hasSize(1);
    assertThat(subscription.get("quotas").get(0).get("limit").decimalValue()).isEqualByComparingTo("25.50");
    assertThat(browser.table("subscriptions")).extracting(r -> r.subList(0, 4))
        .containsExactly(List.of(IMG_TEAM, "Console gateway", "active", "month cost 25.5 (hard)"));
    browser.screenshot("admin-subscriptions");

    browser.clickAndWait(By.linkText("Quotas"));
    choose("unit", "tokens");
    choose("period", "day");
    browser.driver.findElement(By.id("limit")).sendKeys("100000");
    choose("enforcement", "soft");
    browser.clickAndWait(By.id("set-quota-button"));
    JsonNode quotas = api("GET", "subscriptions/" + subscriptionId + "/quotas", null, 200).get("items");
    assertThat(quotas).hasSize(2);
    assertThat(browser.table("quota-states")).extracting(r -> r.subList(0, 7)).containsExactlyInAnyOrderElementsOf(
        ConsoleBrowserIT.rows(quotas, "unit", "period", "enforcement", "limit", "used", "reserved", "remaining"));
    browser.screenshot("admin-subscription");

    browser.open(base + "/console/admin/api-keys");
    assertThat(browser.table("api-keys")).extracting(r -> r.get(0)).containsExactly("finance reader");
    browser.screenshot("admin-api-keys");
    browser.open(base + "/console/admin/provider-keys");
    assertThat(browser.table("provider-keys")).isEmpty();
    assertThat(browser.driver.findElement(By.cssSelector("#provider-keys td.empty")).getText())
        .startsWith("No provider keys");
    browser.screenshot("admin-provider-keys");
  }

  @Test
  @Order(4)
  void financeSeesNoAdminPageAndEveryWriteItCraftsIsRefusedChangingNothing() throws Exception {
    browser.clickAndWait(By.id("sign-out"));
    signIn(financeKey);
    assertThat(browser.driver.findElements(By.linkText("Admin"))).isEmpty();
    String cookie = "tollgate_console=" + browser.cookie();
    String csrf = browser.driver.findElement(By.cssSelector("form.signout input[name=csrf]")).getAttribute("value");
    for (String page : List.of("", "/teams", "/teams/" + teamId + "/clients", "/products", "/subscriptions",
        "/subscriptions/" + subscriptionId, "/prices", "/provider-keys", "/api-keys", "/audit")) {
      HttpResponse<String> answer = send("GET", "/console/admin" + page, cookie, null);
      assertThat(answer.statusCode()).as(page).isEqualTo(403);
      assertThat(answer.body()).as(page).contains("Only an admin").doesNotContain("<form method=\"post\" action=\"/console/admin");
    }
    String clientId = api("GET", "teams/" + teamId + "/clients", null, 200).get("items").get(0).get("id").asText();
    String keyId = api("GET", "api-keys", null, 200).get("items").get(0).get("id").asText();
    Map<String, JsonNode> before = tables();
    Map<String, String> writes = new LinkedHashMap<>();
    writes.put("/teams", "name=finance-team");
    writes.put("/teams/" + teamId + "/status", "status=disabled");
    writes.put("/teams/" + teamId + "/clients", "name=finance-client");
    writes.put("/clients/" + clientId + "/rotate", "");
    writes.put("/clients/" + clientId + "/status", "status=active");
    writes.put("/products", "name=finance-product&source_ids=" + before.get("products").get(0).get("source_ids").get(0)
        .asText());
    writes.put("/subscriptions", "team_id=" + teamId + "&product_id=" + before.get("products").get(0).get("id").asText());
    writes.put("/subscriptions/" + subscriptionId + "/quotas", "unit=requests&period=day&limit=1");
    writes.put("/subscriptions/" + subscriptionId + "/quotas/remove", "unit=cost&period=month");
    writes.put("/subscriptions/" + subscriptionId + "/status", "status=disabled");
    writes.put("/prices", "model=finance-model&element=prompt_tokens&price=9");
    writes.put("/prices/import", "source=default");
    writes.put("/api-keys", "name=finance-admin&role=admin");
    writes.put("/api-keys/" + keyId + "/revoke", "");
    for (Map.Entry<String, String> write : writes.entrySet()) {
      HttpResponse<String> answer = send("POST", "/console/admin" + write.getKey(), cookie,
          write.getValue() + "&csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
      assertThat(answer.statusCode()).as(write.getKey()).isEqualTo(403);
    }
    assertThat(tables()).isEqualTo(before);
    browser.clickAndWait(By.id("sign-out"));
  }

  /** Every admin table the writes above could change, as the REST API returns it. */
  private Map<String, JsonNode> tables() throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String path : List.of("teams", "teams/" + teamId + "/clients", "products", "subscriptions",
        "subscriptions/" + subscriptionId + "/quotas", "prices", "api-keys", "audit")) {
      out.put(path.replaceAll("/.*", ""), api("GET", path, null, 200).get("items"));
    }
    return out;
  }

  private void signIn(String key) {
    browser.signIn(base, key);
  }

  /** Picks the option of a select by its value. */
  private static void choose(String select, String value) {
    browser.driver.findElement(By.cssSelector("#" + select + " option[value='" + value + "']")).click();
  }

  /** The token endpoint's status for a client id and secret. */
  private int token(String clientId, String secret) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/auth/token"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
            Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)))).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /** {@code /v1/admin/<path>} with the bootstrap admin key; the answer's JSON after checking its status. */
  private JsonNode api(String method, String path, String body, int status) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/" + path))
        .header("Authorization", "Bearer " + TestApps.ADMIN_KEY).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
    return json.readTree(answer.body());
  }

  private HttpResponse<String> send(String method, String path, String cookie, String form)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
