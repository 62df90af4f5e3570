package dev.tollgate.sdk.internal.usage;

import dev.tollgate.sdk.Sleeper;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.tollgate.sdk.internal.usage.TestSupport.await;
import static dev.tollgate.sdk.internal.usage.TestSupport.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.tollgate.sdk.internal.usage.TestSupport.RecordingSleeper;
import dev.tollgate.sdk.internal.usage.TestSupport.Tokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageShipperTest {

  @TempDir Path spoolDir;

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final Tokens tokens = Tokens.fixed();
  private final List<UsageShipper> shippers = new CopyOnWriteArrayList<>();
  private FakeCollector collector;
  private OkHttpClient http;

  @BeforeEach
  void setUp() {
    collector = new FakeCollector();
    http = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2))
        .build();
  }

  @AfterEach
  void tearDown() {
    shippers.forEach(UsageShipper::close);
    collector.close();
  }

  private UsageShipperConfig.Builder config() {
    return UsageShipperConfig.builder()
        .collectorUrl(collector.url())
        .httpClient(http)
        .tokens(tokens)
        .spoolDirectory(spoolDir)
        .batchSize(10)
        .flushInterval(Duration.ofMillis(20))
        .shutdownHook(false)
        .sleeper(sleeper);
  }

  private UsageShipper start(UsageShipperConfig.Builder config) {
    UsageShipper shipper = UsageShipper.start(config.build());
    shippers.add(shipper);
    return shipper;
  }

  private static Set<UUID> acceptAll(UsageShipper shipper, int count) {
    Set<UUID> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      UsageEvent e = event(i);
      ids.add(e.id());
      shipper.accept(e);
    }
    return ids;
  }

  private static long segmentFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void sendsFullBatchesBySizeAndTheRestOnClose() {
    UsageShipper shipper = start(config().batchSize(10).flushInterval(Duration.ofHours(1)));

    Set<UUID> ids = acceptAll(shipper, 25);
    await("two full batches", () -> collector.batches(200).size() == 2);

    assertThat(collector.batches(200)).extracting(List::size).containsExactly(10, 10);
    await("both counted", () -> shipper.metrics().sent() == 20);
    assertThat(collector.deliveredIds()).as("5 wait for the interval").hasSize(20);
    shipper.close();
    assertThat(collector.deliveredIds()).hasSize(25).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(shipper.metrics().sent()).isEqualTo(25);
  }

  @Test
  void sendsAPartialBatchWhenTheIntervalPasses() {
    UsageShipper shipper = start(config().batchSize(500).flushInterval(Duration.ofMillis(100)));

    Set<UUID> ids = acceptAll(shipper, 3);

    // Far from a full batch of 500 and not closed: only the interval can have sent them.
    await("the interval flush", () -> collector.deliveredIds().size() == 3);
    assertThat(collector.distinctDeliveredIds()).isEqualTo(ids);
    await("the acknowledgement counted", () -> shipper.metrics().sent() == 3);
  }

  @Test
  void postsGzipSnakeCaseJsonWithTheBearerToken() throws IOException {
    List<Request> seen = new CopyOnWriteArrayList<>();
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    http = http.newBuilder().addNetworkInterceptor(chain -> {
      Buffer buffer = new Buffer();
      chain.request().body().writeTo(buffer);
      seen.add(chain.request());
      bodies.add(buffer.readByteArray());
      return chain.proceed(chain.request());
    }).build();
    UsageShipper shipper = start(config());
    UsageEvent event = event(7);

    shipper.accept(event);
    await("one request", () -> collector.deliveredIds().size() == 1);

    Request request = seen.get(0);
    assertThat(request.url().encodedPath()).isEqualTo("/v1/usage/events");
    assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(request.header("Authorization")).isEqualTo("Bearer token-1");
    assertThat(request.body().contentType().toString()).startsWith("application/json");
    byte[] json;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bodies.get(0)))) {
      json = in.readAllBytes();
    }
    JsonNode sent = UsageJson.mapper().readTree(json).get("events").get(0);
    assertThat(sent.get("id").asText()).isEqualTo(event.id().toString());
    assertThat(sent.get("timestamp").asText()).isEqualTo("2026-11-27T10:15:30.123Z");
    assertThat(sent.get("request_model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(sent.get("status_code").asInt()).isEqualTo(200);
    assertThat(sent.get("latency_ms").asLong()).isEqualTo(807);
    assertThat(sent.get("time_to_first_token_ms").asLong()).isEqualTo(210);
    assertThat(sent.get("end_user").asText()).isEqualTo("u-42");
    assertThat(sent.get("usage").get("cached_prompt_tokens").asLong()).isEqualTo(1024);
    assertThat(sent.get("usage").get("cache_write_prompt_tokens").asLong()).isZero();
    assertThat(sent.get("tags").get("feature").asText()).isEqualTo("summarise");
    assertThat(sent.has("error")).as("null fields are omitted").isFalse();
  }

  @Test
  void deliversEveryAcceptedEventAfterAnOutage() throws IOException {
    collector.down();
    UsageShipper shipper = start(config());

    Set<UUID> ids = acceptAll(shipper, 35);
    await("events spooled during the outage", () -> shipper.metrics().spooled() >= 35);
    assertThat(collector.requestsAnswered(503)).isPositive();
    assertThat(collector.deliveredIds()).isEmpty();

    collector.up();
    Set<UUID> more = acceptAll(shipper, 15);
    ids.addAll(more);

    await("all delivered", () -> collector.distinctDeliveredIds().size() == 50);
    assertThat(collector.distinctDeliveredIds()).isEqualTo(ids);
    await("spool emptied", () -> shipper.metrics().spoolBytes() == 0);
    assertThat(segmentFiles(spoolDir)).isZero();
    assertThat(sleeper.delays).isNotEmpty();
  }

  /** Issue 11: after an outage, close() sent nothing (sent=0, spooled=11) though the collector was back. */
  @Test
  void closeSendsWhatAnOutageSpooledOnceTheCollectorIsBack() throws IOException {
    collector.down();
    // The sender really waits between attempts, a minute: it is in its backoff when close() comes.
    UsageShipper shipper = start(config().batchSize(500).backoff(Duration.ofMinutes(1), Duration.ofMinutes(1))
        .closeTimeout(Duration.ofSeconds(10))
        .sleeper(d -> Thread.sleep(d.toMillis())));
    Set<UUID> ids = acceptAll(shipper, 11);
    await("the outage spooled them", () -> shipper.metrics().spooled() == 11);
    collector.up();

    shipper.close();

    assertThat(collector.distinctDeliveredIds()).isEqualTo(ids);
    assertThat(shipper.metrics().replayed()).isEqualTo(11);
    assertThat(segmentFiles(spoolDir)).isZero();
  }

  @Test
  void replaysWhatAClosedShipperSpooledWhenTheNextOneStarts() throws IOException {
    UsageShipper first = start(config().collectorUrl(FakeCollector.unreachableUrl())
        .closeTimeout(Duration.ofSeconds(10)));
    Set<UUID> ids = acceptAll(first, 30);
    first.close();
    assertThat(first.metrics().spooled()).isEqualTo(30);
    assertThat(first.metrics().sent()).isZero();
    assertThat(segmentFiles(spoolDir)).isPositive();

    UsageShipper second = start(config());

    await("replayed", () -> collector.distinctDeliveredIds().size() == 30);
    assertThat(collector.distinctDeliveredIds()).isEqualTo(ids);
    await("replay counted", () -> second.metrics().replayed() == 30);
    await("segments deleted", () -> segmentFiles(spoolDir) == 0);
  }

  @Test
  void honoursRetryAfterOn429() {
    collector.stub(post(urlEqualTo(FakeCollector.PATH)).inScenario("busy")
        .whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
        .willSetStateTo("calm"));
    collector.stub(post(urlEqualTo(FakeCollector.PATH)).inScenario("busy")
        .whenScenarioStateIs("calm").willReturn(FakeCollector.acknowledging()).atPriority(1));
    UsageShipper shipper = start(config());

    Set<UUID> ids = acceptAll(shipper, 4);

    await("delivered after the wait", () -> collector.distinctDeliveredIds().equals(ids));
    assertThat(collector.requestsAnswered(429)).isEqualTo(1);
    assertThat(sleeper.delays).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void capsRetryAfterAtTheMaximumBackoff() {
    collector.stub(post(urlEqualTo(FakeCollector.PATH)).inScenario("busy")
        .whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "86400"))
        .willSetStateTo("calm"));
    collector.stub(post(urlEqualTo(FakeCollector.PATH)).inScenario("busy")
        .whenScenarioStateIs("calm").willReturn(FakeCollector.acknowledging()).atPriority(1));
    UsageShipper shipper = start(config().backoff(Duration.ofMillis(100), Duration.ofSeconds(30)));

    shipper.accept(event(1));

    await("delivered", () -> collector.deliveredIds().size() == 1);
    assertThat(sleeper.delays).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void invalidatesTheTokenOn401AndRetries() {
    Tokens rotating = new Tokens("stale", "fresh");
    collector.server().resetMappings();
    collector.stub(post(urlEqualTo(FakeCollector.PATH))
        .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer")));
    collector.stub(post(urlEqualTo(FakeCollector.PATH))
        .withHeader("Authorization", equalTo("Bearer fresh"))
        .atPriority(1)
        .willReturn(FakeCollector.acknowledging()));
    UsageShipper shipper = start(config().tokens(rotating));

    Set<UUID> ids = acceptAll(shipper, 3);

    await("delivered with the fresh token", () -> collector.distinctDeliveredIds().equals(ids));
    assertThat(rotating.invalidated).containsExactly("stale");
    assertThat(collector.requestsAnswered(401)).isEqualTo(1);
    assertThat(sleeper.delays).as("a 401 is not a failure to back off from").isEmpty();
  }

  @Test
  void splitsABatchTheCollectorFindsTooLarge() {
    collector.tooLargeAbove(3);
    UsageShipper shipper = start(config().batchSize(8).flushInterval(Duration.ofHours(1)));

    Set<UUID> ids = acceptAll(shipper, 8);

    await("all delivered in halves", () -> collector.distinctDeliveredIds().equals(ids));
    assertThat(collector.requestsAnswered(413)).as("8, then 4 and 4").isEqualTo(3);
    assertThat(collector.batches(200)).extracting(List::size).containsExactly(2, 2, 2, 2);
    await("counted", () -> shipper.metrics().sent() == 8);
    assertThat(sleeper.delays).isEmpty();
  }

  @Test
  void doesNotRetryRejectedEvents() {
    UsageShipper shipper = start(config().batchSize(5).flushInterval(Duration.ofHours(1)));
    UsageEvent invalid = event(0, FakeCollector.INVALID_ENDPOINT);

    shipper.accept(invalid);
    acceptAll(shipper, 4);
    await("first batch", () -> collector.batches(200).size() == 1);
    acceptAll(shipper, 5);
    await("second batch", () -> collector.batches(200).size() == 2);
    shipper.close();

    assertThat(collector.deliveredIds()).filteredOn(invalid.id()::equals).hasSize(1);
    assertThat(shipper.metrics().rejected()).isEqualTo(1);
    assertThat(shipper.metrics().sent()).isEqualTo(9);
    assertThat(shipper.metrics().spooled()).isZero();
  }

  @Test
  void closeFlushesWhatIsQueued() {
    UsageShipper shipper = start(config().batchSize(500).flushInterval(Duration.ofHours(1)));
    Set<UUID> ids = acceptAll(shipper, 7);

    shipper.close();
    shipper.close();

    assertThat(collector.distinctDeliveredIds()).isEqualTo(ids);
    assertThat(shipper.metrics().sent()).isEqualTo(7);
    assertThat(shipper.metrics().spooled()).isZero();
  }

  @Test
  void closeSpoolsWhatItCannotSendWithinTheTimeout() throws IOException {
    collector.stub(post(urlEqualTo(FakeCollector.PATH)).atPriority(1)
        .willReturn(FakeCollector.acknowledging().withFixedDelay(10_000)));
    http = http.newBuilder().readTimeout(Duration.ofSeconds(30)).build();
    UsageShipper shipper = start(config().batchSize(500).flushInterval(Duration.ofHours(1))
        .closeTimeout(Duration.ofMillis(300)));
    Set<UUID> ids = acceptAll(shipper, 6);

    long started = System.nanoTime();
    shipper.close();

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("close did not wait for the 10 s answer").isLessThan(Duration.ofSeconds(8));
    await("the cancelled batch spooled", () -> shipper.metrics().spooled() == 6);
    assertThat(segmentFiles(spoolDir)).isEqualTo(1);

    // The collector may have stored them before the cancel; replay makes them duplicates then.
    collector.up();
    UsageShipper next = start(config());
    await("replayed by the next start", () -> next.metrics().replayed() == 6);
    assertThat(collector.distinctDeliveredIds()).isEqualTo(ids);
  }

  @Test
  void spoolsOnTheCallersThreadWhenTheQueueIsFull() {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    AccessTokenSource slowTokens = new AccessTokenSource() {
      @Override
      public String accessToken() {
        blocked.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "token-1";
      }

      @Override
      public void invalidate(String token) {}
    };
    UsageShipper shipper = start(config().tokens(slowTokens).batchSize(1).queueCapacity(4));

    Set<UUID> ids = acceptAll(shipper, 1);
    await("sender busy with the first event", () -> blocked.getCount() == 0);
    ids.addAll(acceptAll(shipper, 4 + 3));

    assertThat(shipper.metrics().spooled()).isEqualTo(3);
    assertThat(shipper.metrics().queued()).isEqualTo(4);
    release.countDown();
    await("all delivered", () -> collector.distinctDeliveredIds().equals(ids));
    assertThat(shipper.metrics().accepted()).isEqualTo(8);
  }

  @Test
  void refusesNewEventsLoudlyWhenTheSpoolIsFull() throws IOException {
    long maxSpoolBytes = 4096;
    UsageShipper shipper = start(config().collectorUrl(FakeCollector.unreachableUrl())
        .maxBatchBytes(1024).maxSpoolBytes(maxSpoolBytes)
        .closeTimeout(Duration.ofSeconds(10)));

    acceptAll(shipper, 40);
    shipper.close();

    UsageShipperMetrics metrics = shipper.metrics();
    assertThat(metrics.refused()).isPositive();
    assertThat(metrics.spooled() + metrics.refused()).isEqualTo(40);
    long onDisk;
    try (Stream<Path> files = Files.list(spoolDir)) {
      onDisk = files.filter(p -> p.toString().endsWith(".jsonl"))
          .mapToLong(p -> p.toFile().length()).sum();
    }
    assertThat(onDisk).isPositive().isLessThanOrEqualTo(maxSpoolBytes);
    assertThat(metrics.spoolBytes()).isEqualTo(onDisk);
  }

  @Test
  void acceptAfterCloseIsRefusedAndCounted() {
    UsageShipper shipper = start(config());
    shipper.close();

    shipper.accept(event(1));

    assertThat(shipper.metrics().refused()).isEqualTo(1);
    assertThat(shipper.metrics().accepted()).isZero();
  }

  @Test
  void replaysASpoolWhoseLastLineWasTornByACrash() throws IOException {
    UsageEvent a = event(1);
    UsageEvent b = event(2);
    Path segment = spoolDir.resolve("segment-00000000000000000007.jsonl");
    String torn = new String(UsageJson.encode(event(3)), java.nio.charset.StandardCharsets.UTF_8);
    Files.write(segment, List.of(
        new String(UsageJson.encode(a), java.nio.charset.StandardCharsets.UTF_8),
        new String(UsageJson.encode(b), java.nio.charset.StandardCharsets.UTF_8)));
    Files.writeString(segment, torn.substring(0, 40), java.nio.file.StandardOpenOption.APPEND);

    UsageShipper shipper = start(config());

    await("replayed", () -> shipper.metrics().replayed() == 2);
    assertThat(collector.distinctDeliveredIds()).containsExactlyInAnyOrder(a.id(), b.id());
    await("segment deleted", () -> !Files.exists(segment));
  }
}
