package dev.tollgate.collector.admin;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.auth.AccessTokens;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input answers 400/404/409/422 problem+json naming the field, never 500; role rules per endpoint. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminBadInputIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(config -> config.setClientSecretHashIterations(1000));
  static final String ADMIN = TestApps.ADMIN_KEY;
  static final String RANDOM = UUID.randomUUID().toString();

  static AdminHttp http;
  static String team;
  static String teamName;
  static String client;
  static String providerKey;
  static String product;
  static String productName;
  static String subscription;
  static String source;
  static String apiKey;
  static String financeKey;
  static String clientToken;

  @BeforeAll
  static void setUp() {
    http = new AdminHttp("http://localhost:" + APP.getLocalPort());
    teamName = "Research " + UUID.randomUUID();
    team = http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s'}", teamName)).text("id");
    client = http.post(ADMIN, "/v1/admin/teams/" + team + "/clients", "{\"name\":\"app\"}").text("id");
    providerKey = http.post(ADMIN, "/v1/admin/provider-keys",
        "{\"provider\":\"openai\",\"name\":\"main\",\"base_url\":\"https://api.openai.com/v1\",\"api_key\":\"sk-abc-12345678\"}")
        .text("id");
    source = http.get(ADMIN, "/v1/admin/sources").json().path("items").get(0).path("id").asText();
    productName = "Gateway " + UUID.randomUUID();
    product = http.post(ADMIN, "/v1/admin/products", json("{'name':'%s','source_ids':['%s']}", productName, source))
        .text("id");
    subscription = http.post(ADMIN, "/v1/admin/subscriptions", json("{'team_id':'%s','product_id':'%s'}", team, product))
        .text("id");
    apiKey = http.post(ADMIN, "/v1/admin/api-keys", "{\"name\":\"ops\",\"role\":\"admin\"}").text("id");
    financeKey = http.post(ADMIN, "/v1/admin/api-keys", "{\"name\":\"cfo\",\"role\":\"finance\"}").text("api_key");
    clientToken = new AccessTokens(TestApps.TOKEN_SIGNING_KEY, Duration.ofMinutes(5), Clock.systemUTC())
        .issue(UUID.fromString(team), UUID.fromString(client), "tg_000000000000000000000000").token();
  }

  /** method, path, body, expected status, the field the problem must name (or null). */
  static Stream<Arguments> badInputs() {
    String sub = "{'team_id':'%s','product_id':'%s','quotas':[%s]}";
    return Stream.of(
        Arguments.of("POST", "/v1/admin/teams", "this is not json", 400, null),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\": \"x\",", 400, null),
        Arguments.of("POST", "/v1/admin/teams", "[]", 400, null),
        Arguments.of("POST", "/v1/admin/teams", "{}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"  \"}", 422, "name"),
        // Issue 15, defects 9 and 10: no coercion, no text PostgreSQL cannot store, no look-alike names.
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":42}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":true}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"nul\\u0000inside\"}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"half\\ud800pair\"}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"bell\\u0007\"}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"line\\nbreak\"}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"evil\\u202Egnp.exe\"}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"zero\\u200Bwidth\"}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"Described\",\"description\":5}", 422, "description"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"Empty key\",\"provider_key_id\":\"\"}", 422,
            "provider_key_id"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"Misspelt\",\"descripton\":\"x\"}", 422, "descripton"),
        Arguments.of("POST", "/v1/admin/sources", "{\"name\":\"s9\",\"path_regex\":\"^/x$\",\"priority\":1.5}", 422,
            "priority"),
        Arguments.of("POST", "/v1/admin/sources", "{\"name\":\"s9\",\"path_regex\":\"^/x$\",\"priority\":\"5\"}", 422,
            "priority"),
        Arguments.of("POST", "/v1/admin/api-keys", "{\"name\":\"x\",\"role\":\"\"}", 422, "role"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'cost','period':'month','limit':5,'enforcment':'soft'}"), 422, "quotas[0].enforcment"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'cost','period':'month','limit':'1e-40'}"), 422, "quotas[0].limit"),
        Arguments.of("PUT", "/v1/admin/prices", "{\"prices\":[{\"model\":\"m\\u0000\",\"element\":\"prompt_tokens\","
            + "\"price\":1}]}", 422, "prices[0].model"),
        Arguments.of("PUT", "/v1/admin/prices", "{\"prices\":[{\"model\":\"m\",\"element\":\"prompt_tokens\","
            + "\"price\":1e40}]}", 422, "prices[0].price"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"" + "x".repeat(201) + "\"}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"" + "@TEAM_UPPER" + "\"}", 409, "name"),
        Arguments.of("PATCH", "/v1/admin/teams/@TEAM", "{\"status\":\"paused\"}", 422, "status"),
        Arguments.of("PATCH", "/v1/admin/teams/@TEAM", "{\"name\":\"\"}", 422, "name"),
        Arguments.of("PATCH", "/v1/admin/teams/@TEAM", json("{'provider_key_id':'%s'}", RANDOM), 422, "provider_key_id"),
        Arguments.of("PATCH", "/v1/admin/teams/@TEAM", "{\"provider_key_id\":\"not-a-uuid\"}", 422, "provider_key_id"),
        Arguments.of("PATCH", "/v1/admin/teams/" + RANDOM, "{\"status\":\"active\"}", 404, null),
        Arguments.of("GET", "/v1/admin/teams/not-a-uuid", null, 404, null),
        Arguments.of("GET", "/v1/admin/teams/" + RANDOM, null, 404, null),
        Arguments.of("GET", "/v1/admin/teams?limit=0", null, 422, "limit"),
        Arguments.of("GET", "/v1/admin/teams?limit=5000", null, 422, "limit"),
        Arguments.of("GET", "/v1/admin/teams?limit=ten", null, 400, "limit"),
        Arguments.of("GET", "/v1/admin/teams?cursor=bm9wZQ", null, 400, "cursor"),
        Arguments.of("POST", "/v1/admin/teams/" + RANDOM + "/clients", "{\"name\":\"x\"}", 404, null),
        Arguments.of("GET", "/v1/admin/teams/" + RANDOM + "/clients", null, 404, null),
        Arguments.of("POST", "/v1/admin/teams/@TEAM/clients", "{}", 422, "name"),
        Arguments.of("POST", "/v1/admin/teams/@TEAM/clients", "{\"name\":\"APP\"}", 409, "name"),
        Arguments.of("PATCH", "/v1/admin/clients/@CLIENT", "{\"status\":\"gone\"}", 422, "status"),
        Arguments.of("PATCH", "/v1/admin/clients/" + RANDOM, "{\"status\":\"active\"}", 404, null),
        Arguments.of("POST", "/v1/admin/clients/" + RANDOM + "/rotate-secret", null, 404, null),
        Arguments.of("POST", "/v1/admin/clients/zzz/rotate-secret", null, 404, null),
        Arguments.of("POST", "/v1/admin/provider-keys",
            "{\"provider\":\"openai\",\"name\":\"k2\",\"base_url\":\"https://a.b/v1\"}", 422, "api_key"),
        Arguments.of("POST", "/v1/admin/provider-keys",
            "{\"provider\":\"anthropic\",\"name\":\"k2\",\"base_url\":\"https://a.b/v1\",\"api_key\":\"k\"}", 422, "provider"),
        Arguments.of("POST", "/v1/admin/provider-keys",
            "{\"provider\":\"openai\",\"name\":\"k2\",\"base_url\":\"ftp://a.b/v1\",\"api_key\":\"k\"}", 422, "base_url"),
        Arguments.of("POST", "/v1/admin/provider-keys",
            "{\"provider\":\"openai\",\"name\":\"k2\",\"base_url\":\"not a url\",\"api_key\":\"k\"}", 422, "base_url"),
        Arguments.of("POST", "/v1/admin/provider-keys",
            "{\"provider\":\"openai\",\"name\":\"MAIN\",\"base_url\":\"https://a.b/v1\",\"api_key\":\"k\"}", 409, "name"),
        Arguments.of("PATCH", "/v1/admin/provider-keys/" + RANDOM, "{\"name\":\"x\"}", 404, null),
        Arguments.of("PATCH", "/v1/admin/provider-keys/@KEY", "{\"api_key\":\"\"}", 422, "api_key"),
        Arguments.of("POST", "/v1/admin/api-keys", "{\"name\":\"x\",\"role\":\"superuser\"}", 422, "role"),
        Arguments.of("POST", "/v1/admin/api-keys", "{\"name\":\"x\",\"role\":\"client\"}", 422, "role"),
        Arguments.of("POST", "/v1/admin/api-keys", "{\"name\":\"x\"}", 422, "role"),
        Arguments.of("DELETE", "/v1/admin/api-keys/" + RANDOM, null, 404, null),
        Arguments.of("POST", "/v1/admin/sources", "{\"name\":\"s1\",\"path_regex\":\"^/v1/(\",\"priority\":5}", 422, "path_regex"),
        Arguments.of("POST", "/v1/admin/sources", "{\"name\":\"s1\",\"path_regex\":\"[a-\",\"priority\":5}", 422, "path_regex"),
        Arguments.of("POST", "/v1/admin/sources", "{\"name\":\"s1\",\"path_regex\":\"^/x$\"}", 422, "priority"),
        Arguments.of("POST", "/v1/admin/sources", "{\"name\":\"s 1\",\"path_regex\":\"^/x$\",\"priority\":1}", 422, "name"),
        Arguments.of("POST", "/v1/admin/sources", "{\"name\":\"s1\",\"path_regex\":\"^/x$\",\"priority\":-1}", 422, "priority"),
        Arguments.of("POST", "/v1/admin/sources", "{\"name\":\"Chat.Completions\",\"path_regex\":\"^/x$\",\"priority\":1}", 409, "name"),
        Arguments.of("PATCH", "/v1/admin/sources/@SOURCE", "{\"path_regex\":\"(?<\"}", 422, "path_regex"),
        Arguments.of("PATCH", "/v1/admin/sources/" + RANDOM, "{\"priority\":3}", 404, null),
        Arguments.of("POST", "/v1/admin/products", "{\"name\":\"p1\",\"source_ids\":[]}", 422, "source_ids"),
        Arguments.of("POST", "/v1/admin/products", "{\"name\":\"p1\"}", 422, "source_ids"),
        Arguments.of("POST", "/v1/admin/products", json("{'name':'p1','source_ids':['%s']}", RANDOM), 422, "source_ids[0]"),
        Arguments.of("POST", "/v1/admin/products", "{\"name\":\"p1\",\"source_ids\":[\"x\"]}", 422, "source_ids[0]"),
        Arguments.of("POST", "/v1/admin/products", "{\"name\":\"p1\",\"source_ids\":[\"@SOURCE\"],\"markup_percent\":-1}", 422, "markup_percent"),
        Arguments.of("POST", "/v1/admin/products", "{\"name\":\"p1\",\"source_ids\":[\"@SOURCE\"],\"markup_percent\":\"lots\"}", 422, "markup_percent"),
        Arguments.of("POST", "/v1/admin/products", "{\"name\":\"@PRODUCT_UPPER\",\"source_ids\":[\"@SOURCE\"]}", 409, "name"),
        Arguments.of("PATCH", "/v1/admin/products/" + RANDOM, "{\"name\":\"x\"}", 404, null),
        Arguments.of("POST", "/v1/admin/subscriptions", json("{'team_id':'@TEAM','product_id':'@PRODUCT','starts_at':'yesterday'}"), 422, "starts_at"),
        Arguments.of("POST", "/v1/admin/subscriptions", json("{'team_id':'@TEAM','product_id':'@PRODUCT','starts_at':'2026-13-45T00:00:00Z'}"), 422, "starts_at"),
        Arguments.of("POST", "/v1/admin/subscriptions", json("{'product_id':'@PRODUCT'}"), 422, "team_id"),
        Arguments.of("POST", "/v1/admin/subscriptions", json("{'team_id':'%s','product_id':'@PRODUCT'}", RANDOM), 422, "team_id"),
        Arguments.of("POST", "/v1/admin/subscriptions", json("{'team_id':'@TEAM','product_id':'%s'}", RANDOM), 422, "product_id"),
        Arguments.of("POST", "/v1/admin/subscriptions", json("{'team_id':'@TEAM','product_id':'@PRODUCT',"
            + "'starts_at':'2030-01-02T00:00:00Z','expires_at':'2030-01-01T00:00:00Z'}"), 422, "expires_at"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'cost','period':'month','limit':-5}"), 422, "quotas[0].limit"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'cost','period':'month','limit':0}"), 422, "quotas[0].limit"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'cost','period':'month','limit':1e13}"), 422, "quotas[0].limit"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'tokens','period':'month','limit':1.5}"), 422, "quotas[0].limit"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'dollars','period':'month','limit':5}"), 422, "quotas[0].unit"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'cost','period':'year','limit':5}"), 422, "quotas[0].period"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'cost','period':'day','limit':5,'enforcement':'maybe'}"), 422, "quotas[0].enforcement"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'cost','period':'day'}"), 422, "quotas[0].limit"),
        Arguments.of("POST", "/v1/admin/subscriptions", json(sub, "@TEAM", "@PRODUCT",
            "{'unit':'cost','period':'day','limit':5},{'unit':'cost','period':'day','limit':6}"), 422, "quotas[1]"),
        Arguments.of("PATCH", "/v1/admin/subscriptions/@SUB", "{\"status\":\"paused\"}", 422, "status"),
        Arguments.of("PATCH", "/v1/admin/subscriptions/@SUB", "{\"expires_at\":\"soon\"}", 422, "expires_at"),
        Arguments.of("PATCH", "/v1/admin/subscriptions/@SUB", "{\"expires_at\":\"2000-01-01T00:00:00Z\"}", 422, "expires_at"),
        Arguments.of("PATCH", "/v1/admin/subscriptions/@SUB",
            "{\"quotas\":[{\"unit\":\"requests\",\"period\":\"day\",\"limit\":-1}]}", 422, "quotas[0].limit"),
        Arguments.of("PATCH", "/v1/admin/subscriptions/" + RANDOM, "{\"status\":\"active\"}", 404, null),
        Arguments.of("GET", "/v1/admin/subscriptions/" + RANDOM + "/quotas", null, 404, null),
        Arguments.of("GET", "/v1/admin/subscriptions?team_id=abc", null, 400, "team_id"),
        Arguments.of("GET", "/v1/admin/audit?from=yesterday", null, 400, "from"),
        Arguments.of("GET", "/v1/admin/audit?to=2026-01-01", null, 400, "to"));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("badInputs")
  void badInputIsAProblemNamingTheField(String method, String path, String body, int status, String field) {
    var reply = http.send(ADMIN, method, resolve(path), body == null ? null : resolve(body));

    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    if (status >= 400) {
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.json().path("status").asInt()).isEqualTo(status);
      assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("at org.");
    }
    if (field != null) {
      List<String> fields = new ArrayList<>();
      reply.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
      assertThat(fields).as(reply.body()).contains(field);
    }
  }

  @Test
  void aBodyOfTheWrongContentTypeIs415() throws Exception {
    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + APP.getLocalPort() + "/v1/admin/teams"))
        .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("name=x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(415);
  }

  /** method, path, body: every admin endpoint once. */
  static Stream<Arguments> endpoints() {
    return Stream.of(
        Arguments.of("GET", "/v1/admin/teams", null),
        Arguments.of("POST", "/v1/admin/teams", "{\"name\":\"@NEW\"}"),
        Arguments.of("GET", "/v1/admin/teams/@TEAM", null),
        Arguments.of("PATCH", "/v1/admin/teams/@TEAM", "{\"description\":\"d\"}"),
        Arguments.of("GET", "/v1/admin/teams/@TEAM/clients", null),
        Arguments.of("POST", "/v1/admin/teams/@TEAM/clients", "{\"name\":\"@NEW\"}"),
        Arguments.of("GET", "/v1/admin/clients/@CLIENT", null),
        Arguments.of("PATCH", "/v1/admin/clients/@CLIENT", "{\"status\":\"active\"}"),
        Arguments.of("POST", "/v1/admin/clients/@CLIENT/rotate-secret", null),
        Arguments.of("GET", "/v1/admin/provider-keys", null),
        Arguments.of("GET", "/v1/admin/provider-keys/@KEY", null),
        Arguments.of("POST", "/v1/admin/provider-keys",
            "{\"provider\":\"openai\",\"name\":\"@NEW\",\"base_url\":\"https://a.b/v1\",\"api_key\":\"sk-123456789\"}"),
        Arguments.of("PATCH", "/v1/admin/provider-keys/@KEY", "{\"labels\":{\"env\":\"test\"}}"),
        Arguments.of("GET", "/v1/admin/api-keys", null),
        Arguments.of("POST", "/v1/admin/api-keys", "{\"name\":\"@NEW\",\"role\":\"finance\"}"),
        Arguments.of("DELETE", "/v1/admin/api-keys/@APIKEY", null),
        Arguments.of("GET", "/v1/admin/sources", null),
        Arguments.of("GET", "/v1/admin/sources/@SOURCE", null),
        Arguments.of("POST", "/v1/admin/sources", "{\"name\":\"@NEWID\",\"path_regex\":\"^/z$\",\"priority\":900}"),
        Arguments.of("PATCH", "/v1/admin/sources/@SOURCE", "{\"priority\":10}"),
        Arguments.of("GET", "/v1/admin/products", null),
        Arguments.of("GET", "/v1/admin/products/@PRODUCT", null),
        Arguments.of("POST", "/v1/admin/products", "{\"name\":\"@NEW\",\"source_ids\":[\"@SOURCE\"]}"),
        Arguments.of("PATCH", "/v1/admin/products/@PRODUCT", "{\"markup_percent\":1}"),
        Arguments.of("GET", "/v1/admin/subscriptions", null),
        Arguments.of("GET", "/v1/admin/subscriptions/@SUB", null),
        Arguments.of("POST", "/v1/admin/subscriptions", "{\"team_id\":\"@FRESHTEAM\",\"product_id\":\"@PRODUCT\"}"),
        Arguments.of("PATCH", "/v1/admin/subscriptions/@SUB", "{\"status\":\"active\"}"),
        Arguments.of("GET", "/v1/admin/subscriptions/@SUB/quotas", null),
        Arguments.of("GET", "/v1/admin/audit", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void rolesAreEnforcedOnEveryEndpoint(String method, String path, String body) {
    String p = resolve(path);
    String b = body == null ? null : resolve(body);
    for (String key : new String[] {null, "tgk_not-a-key", "garbage", clientToken + "x"}) {
      var reply = http.send(key, method, p, b);
      assertThat(reply.status()).as("key %s", key).isEqualTo(401);
      assertThat(reply.wwwAuthenticate()).startsWith("Bearer");
      assertThat(reply.contentType()).startsWith("application/problem+json");
    }
    assertThat(http.send(clientToken, method, p, b).status()).as("client token").isEqualTo(403);
    var finance = http.send(financeKey, method, p, b);
    if (method.equals("GET")) {
      assertThat(finance.status()).as("finance reads").isEqualTo(200);
    } else {
      assertThat(finance.status()).as("finance writes").isEqualTo(403);
    }
    var admin = http.send(ADMIN, method, resolve(path), b == null ? null : resolve(body));
    assertThat(admin.status()).as(admin.body()).isBetween(200, 204);
  }

  private static String resolve(String text) {
    String fresh = text.contains("@FRESHTEAM")
        ? http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s'}", "Fresh " + UUID.randomUUID())).text("id") : "";
    String newApiKey = text.contains("@APIKEY")
        ? http.post(ADMIN, "/v1/admin/api-keys", "{\"name\":\"tmp\",\"role\":\"admin\"}").text("id") : "";
    return text.replace("@TEAM_UPPER", teamName.toUpperCase(java.util.Locale.ROOT))
        .replace("@PRODUCT_UPPER", productName.toUpperCase(java.util.Locale.ROOT))
        .replace("@FRESHTEAM", fresh)
        .replace("@TEAM", team)
        .replace("@CLIENT", client)
        .replace("@KEY", providerKey)
        .replace("@PRODUCT", product)
        .replace("@SUB", subscription)
        .replace("@SOURCE", source)
        .replace("@APIKEY", newApiKey)
        .replace("@NEWID", "s" + UUID.randomUUID().toString().substring(0, 8))
        .replace("@NEW", "n " + UUID.randomUUID());
  }

}
