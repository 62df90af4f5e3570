package dev.tollgate.collector.admin;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.auth.ApiKeys;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.auth.SecretHasher;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every admin endpoint's success path, against the real collector and PostgreSQL. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminApiIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(config -> config.setClientSecretHashIterations(1000));
  static final String ADMIN = TestApps.ADMIN_KEY;

  static AdminHttp http;
  static Jdbi jdbi;

  @BeforeAll
  static void setUp() {
    http = new AdminHttp("http://localhost:" + APP.getLocalPort());
    jdbi = Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), APP.getConfiguration().getDatabase().getUser(),
        APP.getConfiguration().getDatabase().getPassword());
  }

  static String unique(String prefix) {
    return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void teamsAreCreatedListedReadAndPatched() {
    String name = unique("Marketing");
    var created = http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s','description':'Ads'}", name));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("status").asText()).isEqualTo("active");
    assertThat(created.json().path("provider_key_id").isNull()).isTrue();
    String id = created.text("id");

    assertThat(http.get(ADMIN, "/v1/admin/teams/" + id).text("name")).isEqualTo(name);

    var patched = http.patch(ADMIN, "/v1/admin/teams/" + id,
        json("{'name':'%s','status':'disabled','description':null}", name + " 2"));
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.text("status")).isEqualTo("disabled");
    assertThat(patched.json().path("description").isNull()).isTrue();
    assertThat(http.get(ADMIN, "/v1/admin/teams/" + id).text("name")).isEqualTo(name + " 2");

    var audit = auditFor(id);
    assertThat(audit).extracting(e -> e.path("action").asText()).contains("team.created", "team.updated");
    JsonNode update = audit.stream().filter(e -> e.path("action").asText().equals("team.updated")).findFirst().get();
    assertThat(update.path("details").path("status").asText()).isEqualTo("disabled");
    assertThat(update.path("actor").asText()).isEqualTo("bootstrap");
  }

  @Test
  void listsArePagedWithAKeysetCursorThatNeitherRepeatsNorSkips() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s'}", unique("Paged"))).text("id"));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      var page = http.get(ADMIN, "/v1/admin/teams?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.json().path("items").size()).isLessThanOrEqualTo(2);
      page.json().path("items").forEach(t -> seen.add(t.path("id").asText()));
      cursor = page.json().path("next_cursor").isNull() ? null : page.text("next_cursor");
      pages++;
    } while (cursor != null && pages < 100);
    assertThat(seen).doesNotHaveDuplicates().containsAll(made);
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void clientsGetASecretOnceAndRotationReplacesIt() {
    String team = http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s'}", unique("Clients"))).text("id");
    var created = http.post(ADMIN, "/v1/admin/teams/" + team + "/clients", "{\"name\":\"web\"}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.text("id");
    String clientId = created.text("client_id");
    String secret = created.text("client_secret");
    assertThat(clientId).matches("tg_[0-9a-f]{24}");
    assertThat(secret).startsWith("tgs_");

    var list = http.get(ADMIN, "/v1/admin/teams/" + team + "/clients");
    assertThat(list.json().path("items")).hasSize(1);
    assertThat(list.body()).contains(clientId).doesNotContain(secret).doesNotContain("secret");

    SecretHasher hasher = new SecretHasher(1000);
    assertThat(hasher.matches(secret, storedHash(id))).isTrue();

    var rotated = http.post(ADMIN, "/v1/admin/clients/" + id + "/rotate-secret", null);
    assertThat(rotated.status()).isEqualTo(200);
    String newSecret = rotated.text("client_secret");
    assertThat(newSecret).isNotEqualTo(secret);
    assertThat(hasher.matches(secret, storedHash(id))).as("old secret").isFalse();
    assertThat(hasher.matches(newSecret, storedHash(id))).as("new secret").isTrue();

    var disabled = http.patch(ADMIN, "/v1/admin/clients/" + id, "{\"status\":\"disabled\"}");
    assertThat(disabled.text("status")).isEqualTo("disabled");
    assertThat(http.get(ADMIN, "/v1/admin/clients/" + id).text("status")).isEqualTo("disabled");
    assertThat(http.patch(ADMIN, "/v1/admin/clients/" + id, "{\"status\":\"active\"}").text("status"))
        .isEqualTo("active");

    assertThat(auditFor(id)).extracting(e -> e.path("action").asText())
        .contains("client.created", "client.secret_rotated", "client.updated");
  }

  @Test
  void providerKeysAreEncryptedShownAsAHintAndTheFirstBecomesDefault() {
    // This class's database starts without provider keys.
    var first = http.post(ADMIN, "/v1/admin/provider-keys", json(
        "{'provider':'openai','name':'%s','base_url':'https://api.openai.com/v1/','api_key':'sk-first-key-1234',"
            + "'labels':{'env':'prod','region':'eu'}}", unique("key")));
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.text("api_key_hint")).isEqualTo("sk-...1234");
    assertThat(first.text("base_url")).isEqualTo("https://api.openai.com/v1");
    assertThat(first.json().path("labels").path("region").asText()).isEqualTo("eu");
    assertThat(first.json().has("api_key")).isFalse();

    String firstId = first.text("id");
    if (!first.json().path("is_default").asBoolean()) {
      // Another test made a key first: make this one the default explicitly.
      http.patch(ADMIN, "/v1/admin/provider-keys/" + firstId, "{\"is_default\":true}");
    }
    var second = http.post(ADMIN, "/v1/admin/provider-keys", json(
        "{'provider':'azure_openai','name':'%s','base_url':'https://x.openai.azure.com/openai','api_key':'az-0987654321',"
            + "'api_version':'2024-10-21'}",
        unique("azure")));
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json().path("is_default").asBoolean()).isFalse();
    String secondId = second.text("id");

    var moved = http.patch(ADMIN, "/v1/admin/provider-keys/" + secondId, "{\"is_default\":true,\"api_key\":\"az-new-key-5555\"}");
    assertThat(moved.json().path("is_default").asBoolean()).isTrue();
    assertThat(moved.text("api_key_hint")).isEqualTo("...5555");
    assertThat(http.get(ADMIN, "/v1/admin/provider-keys/" + firstId).json().path("is_default").asBoolean()).isFalse();

    byte[] stored = jdbi.withHandle(h -> h.createQuery("SELECT api_key_ciphertext FROM provider_keys WHERE id = :id")
        .bind("id", UUID.fromString(secondId)).mapTo(byte[].class).one());
    assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("az-new-key-5555");
    assertThat(new ProviderKeyCipher(TestApps.ENCRYPTION_KEY).decrypt(stored)).isEqualTo("az-new-key-5555");

    var list = http.get(ADMIN, "/v1/admin/provider-keys");
    assertThat(list.body()).doesNotContain("sk-first-key-1234").doesNotContain("az-new-key-5555");

    var team = http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s','provider_key_id':'%s'}", unique("Keyed"), firstId));
    assertThat(team.text("provider_key_id")).isEqualTo(firstId);
    var unassigned = http.patch(ADMIN, "/v1/admin/teams/" + team.text("id"), "{\"provider_key_id\":null}");
    assertThat(unassigned.json().path("provider_key_id").isNull()).isTrue();
    assertThat(auditFor(secondId)).extracting(e -> e.path("action").asText())
        .contains("provider_key.created", "provider_key.updated");
  }

  /** Keys created at once on an organisation without a default: all are created, exactly one is the default. */
  @Test
  void keysCreatedAtOnceWithoutADefaultAllSucceedAndOneBecomesTheDefault() throws Exception {
    jdbi.useHandle(h -> h.execute("UPDATE provider_keys SET is_default = FALSE"));
    List<String> names = java.util.stream.IntStream.range(0, 8).mapToObj(i -> unique("racing")).toList();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(names.size());
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
      for (String name : names) {
        statuses.add(pool.submit(() -> {
          start.await();
          return http.post(ADMIN, "/v1/admin/provider-keys", json(
              "{'provider':'openai','name':'%s','base_url':'https://api.openai.com/v1','api_key':'sk-racing-1234'}",
              name)).status();
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<Integer> status : statuses) {
        assertThat(status.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    int defaults = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM provider_keys WHERE is_default")
        .mapTo(Integer.class).one());
    assertThat(defaults).isEqualTo(1);
  }

  @Test
  void apiKeysAreShownOnceWorkAndStopWhenRevoked() {
    var created = http.post(ADMIN, "/v1/admin/api-keys", "{\"name\":\"finance bot\",\"role\":\"finance\"}");
    assertThat(created.status()).isEqualTo(201);
    String key = created.text("api_key");
    String id = created.text("id");
    assertThat(key).startsWith(ApiKeys.PREFIX);
    String hash = jdbi.withHandle(h -> h.createQuery("SELECT key_hash FROM api_keys WHERE id = :id")
        .bind("id", UUID.fromString(id)).mapTo(String.class).one());
    assertThat(hash).isEqualTo(ApiKeys.hash(key));

    assertThat(http.get(key, "/v1/admin/teams").status()).isEqualTo(200);
    var list = http.get(ADMIN, "/v1/admin/api-keys");
    assertThat(list.body()).contains(id).doesNotContain(key);

    assertThat(http.delete(ADMIN, "/v1/admin/api-keys/" + id).status()).isEqualTo(204);
    assertThat(http.get(key, "/v1/admin/teams").status()).isEqualTo(401);
    assertThat(http.delete(ADMIN, "/v1/admin/api-keys/" + id).status()).isEqualTo(204);
    assertThat(auditFor(id)).extracting(e -> e.path("action").asText())
        .containsOnlyOnce("api_key.revoked").contains("api_key.created");
  }

  @Test
  void sourcesAreListedByPriorityAndCanBeAddedAndChanged() {
    var list = http.get(ADMIN, "/v1/admin/sources?limit=1000");
    List<Integer> priorities = new ArrayList<>();
    list.json().path("items").forEach(s -> priorities.add(s.path("priority").asInt()));
    assertThat(priorities).isSorted().hasSizeGreaterThanOrEqualTo(8);
    assertThat(list.body()).contains("chat.completions");

    String name = "batch-" + UUID.randomUUID().toString().substring(0, 6);
    var created = http.post(ADMIN, "/v1/admin/sources",
        json("{'name':'%s','path_regex':'^/v1/batches(/.*)?$','priority':80}", name));
    assertThat(created.status()).isEqualTo(201);
    var patched = http.patch(ADMIN, "/v1/admin/sources/" + created.text("id"), "{\"priority\":85}");
    assertThat(patched.json().path("priority").asInt()).isEqualTo(85);
    assertThat(patched.text("path_regex")).isEqualTo("^/v1/batches(/.*)?$");
    assertThat(http.get(ADMIN, "/v1/admin/sources/" + created.text("id")).json().path("priority").asInt()).isEqualTo(85);
    assertThat(auditFor(created.text("id"))).extracting(e -> e.path("action").asText())
        .contains("source.created", "source.updated");

    // Paging by priority returns every source exactly once.
    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      var page = http.get(ADMIN, "/v1/admin/sources?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
      page.json().path("items").forEach(s -> names.add(s.path("name").asText()));
      cursor = page.json().path("next_cursor").isNull() ? null : page.text("next_cursor");
    } while (cursor != null);
    assertThat(names).doesNotHaveDuplicates().contains(name, "other");
  }

  @Test
  void productsHoldSourcesAndAMarkup() {
    List<String> sources = sourceIds();
    var created = http.post(ADMIN, "/v1/admin/products", json("{'name':'%s','source_ids':['%s','%s'],'markup_percent':12.5}",
        unique("Gateway"), sources.get(0), sources.get(1)));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("markup_percent").decimalValue()).isEqualByComparingTo("12.5");
    assertThat(created.json().path("source_ids")).hasSize(2);
    String id = created.text("id");

    var patched = http.patch(ADMIN, "/v1/admin/products/" + id,
        json("{'source_ids':['%s'],'markup_percent':0}", sources.get(2)));
    assertThat(patched.json().path("source_ids")).hasSize(1);
    assertThat(patched.json().path("source_ids").get(0).asText()).isEqualTo(sources.get(2));
    assertThat(patched.json().path("markup_percent").decimalValue()).isEqualByComparingTo("0");
    assertThat(http.get(ADMIN, "/v1/admin/products").body()).contains(id);
    assertThat(auditFor(id)).extracting(e -> e.path("action").asText()).contains("product.created", "product.updated");
  }

  @Test
  void subscriptionsCarryQuotasAndCanBeChanged() {
    String team = http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s'}", unique("Subscriber"))).text("id");
    String product = http.post(ADMIN, "/v1/admin/products",
        json("{'name':'%s','source_ids':['%s']}", unique("P"), sourceIds().get(0))).text("id");
    var created = http.post(ADMIN, "/v1/admin/subscriptions", json(
        "{'team_id':'%s','product_id':'%s','starts_at':'2026-01-01T00:00:00Z','expires_at':'2027-01-01T00:00:00Z',"
            + "'quotas':[{'unit':'cost','period':'month','limit':250.50,'enforcement':'hard'},"
            + "{'unit':'tokens','period':'day','limit':1000000,'enforcement':'soft'}]}", team, product));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("quotas")).hasSize(2);
    assertThat(created.text("starts_at")).isEqualTo("2026-01-01T00:00:00Z");
    String id = created.text("id");

    // A second active subscription over the same period is refused.
    var overlapping = http.post(ADMIN, "/v1/admin/subscriptions", json(
        "{'team_id':'%s','product_id':'%s','starts_at':'2026-06-01T00:00:00Z'}", team, product));
    assertThat(overlapping.status()).isEqualTo(409);

    String costQuotaId = created.json().path("quotas").get(0).path("id").asText();
    var patched = http.patch(ADMIN, "/v1/admin/subscriptions/" + id, "{\"expires_at\":null,"
        + "\"quotas\":[{\"unit\":\"cost\",\"period\":\"month\",\"limit\":300},"
        + "{\"unit\":\"requests\",\"period\":\"total\",\"limit\":10}]}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().path("expires_at").isNull()).isTrue();
    assertThat(patched.json().path("quotas")).hasSize(2);
    JsonNode cost = find(patched.json().path("quotas"), "unit", "cost");
    assertThat(cost.path("id").asText()).as("a kept quota keeps its id").isEqualTo(costQuotaId);
    assertThat(cost.path("limit").decimalValue()).isEqualByComparingTo("300");
    assertThat(cost.path("enforcement").asText()).isEqualTo("hard");

    var disabled = http.patch(ADMIN, "/v1/admin/subscriptions/" + id, "{\"status\":\"disabled\"}");
    assertThat(disabled.text("status")).isEqualTo("disabled");
    assertThat(http.get(ADMIN, "/v1/admin/subscriptions?team_id=" + team).json().path("items")).hasSize(1);
    assertThat(http.get(ADMIN, "/v1/admin/subscriptions/" + id).text("status")).isEqualTo("disabled");
    assertThat(auditFor(id)).extracting(e -> e.path("action").asText())
        .contains("subscription.created", "subscription.updated");
  }

  @Test
  void auditIsFilteredByTimeAndPagedNewestFirst() {
    for (int i = 0; i < 3; i++) {
      http.post(ADMIN, "/v1/admin/teams", json("{'name':'%s'}", unique("Audited")));
    }
    var page = http.get(ADMIN, "/v1/admin/audit?limit=2");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().path("items")).hasSize(2);
    long first = page.json().path("items").get(0).path("id").asLong();
    long second = page.json().path("items").get(1).path("id").asLong();
    assertThat(first).isGreaterThan(second);
    var next = http.get(ADMIN, "/v1/admin/audit?limit=2&cursor=" + page.text("next_cursor"));
    assertThat(next.json().path("items").get(0).path("id").asLong()).isLessThan(second);

    assertThat(http.get(ADMIN, "/v1/admin/audit?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")
        .json().path("items")).isEmpty();
    assertThat(http.get(ADMIN, "/v1/admin/audit?from=2000-01-01T00:00:00Z").json().path("items").size())
        .isGreaterThanOrEqualTo(3);
  }

  static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (node.path(field).asText().equals(value)) {
        return node;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }

  static List<String> sourceIds() {
    List<String> ids = new ArrayList<>();
    http.get(ADMIN, "/v1/admin/sources").json().path("items").forEach(s -> ids.add(s.path("id").asText()));
    return ids;
  }

  static String storedHash(String clientId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT secret_hash FROM clients WHERE id = :id")
        .bind("id", UUID.fromString(clientId)).mapTo(String.class).one());
  }

  static List<JsonNode> auditFor(String targetId) {
    List<JsonNode> entries = new ArrayList<>();
    http.get(ADMIN, "/v1/admin/audit?limit=1000").json().path("items").forEach(e -> {
      if (e.path("target_id").asText().equals(targetId)) {
        entries.add(e);
      }
    });
    return entries;
  }
}
