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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed events and bodies, gzip, limits, and replays of the same batch. */
@ExtendWith(DropwizardExtensionsSupport.class)
class IngestInputIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(ClockedApp.class, TestDatabases.create(), c -> { });
  static final Instant NOW = ClockedApp.DEFAULT_NOW;
  static IngestTestData data;
  static IngestTestData.ClientCreds client;
  static IngestTestData.ClientCreds other;
  static String token;
  static String otherToken;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.ratingExamplePriceBook();
    client = data.activeClient("Inputs", "0");
    other = data.activeClient("Others", "0");
    token = data.token(client);
    otherToken = data.token(other);
  }

  static String valid(String id) {
    return "\"id\":\"" + id + "\",\"timestamp\":\"2026-11-27T11:00:00Z\",\"endpoint\":\"/v1/chat/completions\","
        + "\"status_code\":200,\"latency_ms\":5";
  }

  static Stream<Arguments> badEvents() {
    String id = "6f1c0000-0000-4000-8000-000000000000";
    return Stream.of(
        Arguments.of("{\"timestamp\":\"2026-11-27T11:00:00Z\",\"endpoint\":\"/v1/x\",\"status_code\":200,\"latency_ms\":1}", "id"),
        Arguments.of("{" + valid("not-a-uuid") + "}", "id"),
        Arguments.of("{\"id\":\"" + id + "\",\"endpoint\":\"/v1/x\",\"status_code\":200,\"latency_ms\":1}", "timestamp"),
        Arguments.of("{" + valid(id).replace("2026-11-27T11:00:00Z", "yesterday") + "}", "timestamp"),
        Arguments.of("{" + valid(id).replace("2026-11-27T11:00:00Z", "2026-11-27T12:05:01Z") + "}", "timestamp"),
        Arguments.of("{" + valid(id).replace("\"endpoint\":\"/v1/chat/completions\",", "") + "}", "endpoint"),
        Arguments.of("{" + valid(id).replace("\"status_code\":200,", "") + "}", "status_code"),
        Arguments.of("{" + valid(id).replace("\"status_code\":200", "\"status_code\":\"200\"") + "}", "status_code"),
        Arguments.of("{" + valid(id).replace("\"status_code\":200", "\"status_code\":700") + "}", "status_code"),
        Arguments.of("{" + valid(id).replace("\"latency_ms\":5", "\"latency_ms\":-1") + "}", "latency_ms"),
        Arguments.of("{" + valid(id).replace(",\"latency_ms\":5", "") + "}", "latency_ms"),
        Arguments.of("{" + valid(id) + ",\"usage\":{\"prompt_tokens\":-5}}", "usage.prompt_tokens"),
        Arguments.of("{" + valid(id) + ",\"usage\":{\"prompt_tokens\":1.5}}", "usage.prompt_tokens"),
        Arguments.of("{" + valid(id) + ",\"usage\":{\"prompt_tokens\":10,\"cached_prompt_tokens\":8,"
            + "\"audio_prompt_tokens\":3}}", "usage.prompt_tokens"),
        Arguments.of("{" + valid(id) + ",\"usage\":{\"completion_tokens\":10,\"reasoning_tokens\":11}}",
            "usage.completion_tokens"),
        Arguments.of("{" + valid(id) + ",\"usage\":[1]}", "usage"),
        Arguments.of("{" + valid(id) + ",\"tags\":{\"feature\":3}}", "tags.feature"),
        Arguments.of("{" + valid(id) + ",\"lease_id\":\"x\"}", "lease_id"),
        Arguments.of("{" + valid(id) + ",\"streamed\":\"yes\"}", "streamed"),
        Arguments.of("\"just a string\"", ""));
  }

  @ParameterizedTest
  @MethodSource("badEvents")
  void aBadEventIsRejectedByIndexAndFieldAndTheOthersAreStored(String bad, String field) {
    UUID good = UUID.randomUUID();
    long before = data.count("SELECT count(*) FROM usage_events");

    HttpResponse<String> r = data.post("/v1/usage/events", token,
        batch(event(good, NOW.minusSeconds(60), "gpt-4o", "{\"prompt_tokens\":1}"), bad));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    assertThat(body.get("rejected")).hasSize(1);
    assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").get(0).get("errors").findValuesAsText("field")).contains(field);
    assertThat(data.count("SELECT count(*) FROM usage_events")).isEqualTo(before + 1);
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("not json at all", 400),
        Arguments.of("{\"events\": [", 400),
        Arguments.of("", 400),
        Arguments.of("{}", 422),
        Arguments.of("{\"events\": 5}", 422),
        Arguments.of("[]", 422));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void aBadBodyStoresNothing(String body, int status) {
    long before = data.count("SELECT count(*) FROM usage_events");

    HttpResponse<String> r = data.post("/v1/usage/events", token, body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(data.count("SELECT count(*) FROM usage_events")).isEqualTo(before);
  }

  @Test
  void overThousandEventsOrOverOneMebibyteIs413AndStoresNothing() {
    long before = data.count("SELECT count(*) FROM usage_events");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add(event(UUID.randomUUID(), NOW.minusSeconds(10), "gpt-4o", null));
    }
    assertThat(data.post("/v1/usage/events", token, batch(many.toArray(String[]::new))).statusCode()).isEqualTo(413);

    String padding = "x".repeat(1100 * 1024);
    String big = "{\"events\":[" + event(UUID.randomUUID(), NOW, "gpt-4o", null).replace("\"method\":\"POST\"",
        "\"method\":\"POST\",\"pad\":\"" + padding + "\"") + "]}";
    assertThat(data.postBytes("/v1/usage/events", token, gzip(big), "Content-Type", "application/json",
        "Content-Encoding", "gzip").statusCode()).isEqualTo(413);
    assertThat(data.count("SELECT count(*) FROM usage_events")).isEqualTo(before);
  }

  @Test
  void gzipBodiesAreAccepted() {
    UUID id = UUID.randomUUID();
    HttpResponse<String> r = data.postBytes("/v1/usage/events", token,
        gzip(batch(event(id, NOW.minusSeconds(5), "gpt-4o-mini", "{\"prompt_tokens\":10,\"completion_tokens\":2}"))),
        "Content-Type", "application/json", "Content-Encoding", "gzip");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(data.count("SELECT count(*) FROM usage_events WHERE id = '" + id + "'")).isEqualTo(1);
  }

  @Test
  void withoutAClientTokenIngestIs401Or403() {
    String body = batch(event(UUID.randomUUID(), NOW, "gpt-4o", null));
    assertThat(data.post("/v1/usage/events", null, body).statusCode()).isEqualTo(401);
    assertThat(data.post("/v1/usage/events", TestApps.ADMIN_KEY, body).statusCode()).isEqualTo(403);
  }

  @Test
  void theSameBatchThreeTimesInParallelAndInterleavedWithNewEventsCountsOnce() throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(event(UUID.randomUUID(), NOW.minus(Duration.ofMinutes(i)), "gpt-4o-mini",
          "{\"prompt_tokens\":1000,\"completion_tokens\":100}"));
    }
    String replay = batch(events.toArray(String[]::new));
    BigDecimalSnapshot before = snapshot();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Callable<JsonNode>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(() -> json(data.post("/v1/usage/events", token, replay)));
      // A different client replays part of it, with fresh events mixed in.
      List<String> mixed = new ArrayList<>(events.subList(i * 50, i * 50 + 100));
      for (int j = 0; j < 20; j++) {
        mixed.add(event(UUID.randomUUID(), NOW.minusSeconds(j), "gpt-4o-mini", "{\"prompt_tokens\":1000,\"completion_tokens\":100}"));
      }
      java.util.Collections.shuffle(mixed);
      String mixedBody = batch(mixed.toArray(String[]::new));
      calls.add(() -> json(data.post("/v1/usage/events", otherToken, mixedBody)));
    }
    long accepted = 0;
    long duplicates = 0;
    for (Future<JsonNode> f : pool.invokeAll(calls)) {
      accepted += f.get().get("accepted").asLong();
      duplicates += f.get().get("duplicates").asLong();
    }
    pool.shutdown();

    assertThat(accepted).isEqualTo(200 + 60);
    assertThat(duplicates).isEqualTo(3 * 200 + 3 * 120 - 260);
    BigDecimalSnapshot after = snapshot();
    assertThat(after.events - before.events).isEqualTo(260);
    assertThat(after.daily - before.daily).isEqualTo(260);
    assertThat(after.cost.subtract(before.cost)).isEqualByComparingTo(after.dailyCost.subtract(before.dailyCost));
    // 1000 x 0.15 + 100 x 0.60 per 1M = 0.00021 per event
    assertThat(after.cost.subtract(before.cost)).isEqualByComparingTo("0.0546");
  }

  record BigDecimalSnapshot(long events, long daily, java.math.BigDecimal cost, java.math.BigDecimal dailyCost) {}

  static BigDecimalSnapshot snapshot() {
    return new BigDecimalSnapshot(data.count("SELECT count(*) FROM usage_events"),
        data.count("SELECT COALESCE(sum(requests), 0) FROM usage_daily"),
        data.decimal("SELECT COALESCE(sum(total_cost), 0) FROM usage_events"),
        data.decimal("SELECT COALESCE(sum(cost), 0) FROM usage_daily"));
  }

  static byte[] gzip(String s) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(s.getBytes(StandardCharsets.UTF_8));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
