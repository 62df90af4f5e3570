package dev.tollgate.collector.common.fuzz;

import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15's standing fuzz suite: at least 10,000 seeded bad requests across ingest, admin,
 * token, lease, settle and report endpoints, plus raw HTTP the server itself must refuse.
 * Every answer is below 500; every error is problem+json with its status and no stack trace
 * or SQL; a rejected request writes nothing (every table of the schema compared before and after, except
 * {@code auth_failures}, which counts failed token attempts by design); and the valid events
 * of a mixed batch are stored. Reproduce a run with {@code -Dtollgate.fuzz.seed=<seed>};
 * {@code -Dtollgate.fuzz.requests=<n>} sends more.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BadInputFuzzIT {

  static final long SEED = Long.getLong("tollgate.fuzz.seed", 20261201L);
  static final int REQUESTS = Integer.getInteger("tollgate.fuzz.requests", 10_000);
  /** Tables a rejected request may write by design: failed token attempts are counted; Flyway's own. */
  static final List<String> WRITTEN_BY_DESIGN = List.of("auth_failures", "flyway_schema_history");
  static final Pattern LEAK = Pattern.compile(
      "(?i)exception|\\bat (java|org|dev|com|io)\\.|sqlstate|postgres|psql|jdbc|syntax error|\\bselect\\b|insert into");

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(config -> config.setClientSecretHashIterations(1000));
  static IngestTestData data;
  static BadRequests.Ids ids;
  static String clientToken;

  @BeforeAll
  static void setUp() {
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    UUID providerKey = data.providerKey("default", "sk-test-fuzz-key-1234", true);
    data.ratingExamplePriceBook();
    IngestTestData.ClientCreds client = data.activeClient("Fuzz", "0");
    UUID subscription = data.subscriptionOf(client.teamId());
    data.quota(subscription, "tokens", "month", "1000000000", "hard");
    clientToken = data.token(client);
    HttpResponse<String> lease = data.post("/v1/quota/lease", clientToken, "{\"model\":\"gpt-4o-mini\"}");
    assertThat(lease.statusCode()).as(lease.body()).isEqualTo(200);
    UUID product = data.jdbi.withHandle(h -> h.createQuery("SELECT product_id FROM subscriptions WHERE id = :s")
        .bind("s", subscription).mapTo(UUID.class).one());
    UUID source = data.jdbi.withHandle(h -> h.createQuery("SELECT id FROM sources WHERE name = 'chat.completions'")
        .mapTo(UUID.class).one());
    ids = new BadRequests.Ids(TestApps.ADMIN_KEY, clientToken, client.teamId().toString(), client.id().toString(),
        client.clientId(), product.toString(), source.toString(), subscription.toString(), providerKey.toString(),
        json(lease).get("lease_id").asText());
  }

  @Test
  void tenThousandBadRequestsAreRefusedCleanlyAndWriteNothing() throws Exception {
    Map<String, String> before = snapshot();
    BadRequests generator = new BadRequests(SEED, ids);
    List<BadRequests.Request> requests = new ArrayList<>(REQUESTS);
    for (int i = 0; i < REQUESTS; i++) {
      requests.add(generator.next());
    }
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicLong> tally = new ConcurrentHashMap<>();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (BadRequests.Request r : requests) {
      pool.execute(() -> check(http, r, failures, tally));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();

    List<String> raw = RawHttp.refusals(APP.getLocalPort(), SEED);
    System.out.printf("fuzz seed %d: %d requests, %s; raw HTTP: %d%n", SEED, requests.size(), new TreeMap<>(tally),
        RawHttp.COUNT);
    assertThat(failures).as("seed %d: %d failures, first ones", SEED, failures.size())
        .isEmpty();
    assertThat(raw).as("raw HTTP refusals that were not problem+json 4xx").isEmpty();
    assertThat(requests.size() + RawHttp.COUNT).isGreaterThanOrEqualTo(REQUESTS);
    Map<String, String> after = snapshot();
    assertThat(after).as("a rejected request wrote to a table").isEqualTo(before);
  }

  @Test
  void theValidEventsOfAMixedBatchAreStored() {
    BadRequests generator = new BadRequests(SEED + 1, ids);
    ArrayNode events = JsonNodeFactory.instance.arrayNode();
    List<String> valid = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (i % 2 == 0) {
        ObjectNode e = generator.validEvent();
        valid.add(e.get("id").asText());
        events.add(e);
      } else {
        ObjectNode e = generator.validEvent();
        e.put("model", "nul\u0000model");
        events.add(e);
      }
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("events", events);

    HttpResponse<String> r = data.post("/v1/usage/events", clientToken, body.toString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("accepted").asInt()).isEqualTo(20);
    assertThat(json(r).get("rejected")).hasSize(20);
    assertThat(data.count("SELECT count(*) FROM usage_events WHERE id::text IN ('" + String.join("','", valid) + "')"))
        .isEqualTo(20);
  }

  private static void check(HttpClient http, BadRequests.Request r, List<String> failures, Map<String, AtomicLong> tally) {
    HttpResponse<String> response;
    try {
      response = send(http, r);
    } catch (IOException e) {
      // A pooled connection the server closed after an early rejection: that request is sent again once.
      try {
        response = send(http, r);
      } catch (IOException | InterruptedException again) {
        failures.add(describe(r) + " -> no response: " + again);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      failures.add(describe(r) + " -> could not be sent: " + e);
      return;
    }
    int status = response.statusCode();
    tally.computeIfAbsent(r.category() + " " + status, k -> new AtomicLong()).incrementAndGet();
    String problem = problemOf(response, status);
    if (problem != null && failures.size() < 50) {
      failures.add(describe(r) + " -> " + status + " " + problem + ": " + abbreviate(response.body()));
    }
  }

  /** What is wrong with the answer to a request that had to be refused, or null. */
  static String problemOf(HttpResponse<String> response, int status) {
    if (status >= 500) {
      return "a server error";
    }
    if (LEAK.matcher(response.body()).find()) {
      return "internals in the body";
    }
    if (status == 200) {
      JsonNode body = parse(response.body());
      return body != null && body.path("accepted").asInt(-1) == 0 ? null : "accepted something";
    }
    if (status < 400) {
      return "not refused";
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    JsonNode body = parse(response.body());
    if (!type.startsWith("application/problem+json") || body == null || body.path("status").asInt() != status
        || !body.path("type").isTextual() || !body.path("title").isTextual()) {
      return "not problem+json";
    }
    return null;
  }

  private static HttpResponse<String> send(HttpClient http, BadRequests.Request r)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getLocalPort() + r.path()))
        .timeout(Duration.ofSeconds(60))
        .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(r.body()));
    if (r.contentType() != null) {
      b.header("Content-Type", r.contentType());
    }
    if (r.bearer() != null) {
      b.header("Authorization", "Bearer " + r.bearer());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every table's rows, hashed, so that any insert, update or delete shows. */
  private static Map<String, String> snapshot() {
    Map<String, String> out = new TreeMap<>();
    data.jdbi.useHandle(h -> {
      // Every table of the schema, so that a table a later migration adds is compared too.
      List<String> tables = h.createQuery("""
              SELECT table_name FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name""")
          .mapTo(String.class).list();
      assertThat(tables).as("the schema's tables").contains("usage_events", "alerts", "alert_deliveries");
      for (String table : tables) {
        if (WRITTEN_BY_DESIGN.contains(table)) {
          continue;
        }
        out.put(table, h.createQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
            + "t::text)), '') FROM " + table + " t").mapTo(String.class).one());
      }
    });
    return out;
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = new ObjectMapper().readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String describe(BadRequests.Request r) {
    String body = r.body() == null ? "" : new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    return r.method() + " " + abbreviate(r.path()) + " [" + r.contentType() + "] " + abbreviate(body);
  }

  private static String abbreviate(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 300 ? printable.substring(0, 300) + "..." : printable;
  }
}
