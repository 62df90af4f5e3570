package dev.tollgate.collector.bench;

import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.pricing.DefaultPriceBook;
import dev.tollgate.collector.pricing.PriceRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.testing.CollectorProcess;
import dev.tollgate.collector.testing.CpuWindow;
import dev.tollgate.collector.testing.ProcessWatch;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;

/**
 * Collector ingest benchmark (not a test). Starts a collector on the PostgreSQL server at
 * {@code -Dbench.db=jdbc:postgresql://127.0.0.1:5432/postgres} (user {@code -Dbench.user},
 * default postgres) in a fresh database, posts pre-built gzip batches of {@code
 * -Dbench.batch=500} realistic events from {@code -Dbench.threads=4} threads ({@code
 * -Dbench.warmup=1000} batches to warm the collector up, then {@code -Dbench.batches=480} timed),
 * and reports events/s and p50/p99 batch latency. Then, as the physical baseline, COPYs the same
 * number of rows (the earliest stored, with new ids made as the ingested ones were) into the same
 * table and reports its rate.
 *
 * <p>The events are as an SDK ships them: ids time-ordered (version 7), each batch from its own
 * slice of the hour before the run, in order. {@code -Dbench.ids=random} sends random (version 4)
 * ids instead, as another client might; {@code -Dbench.times=spread} spreads every batch's events
 * over the whole hour (the shape of this benchmark before 2026-12-03).
 *
 * <p>With {@code -Dbench.process=true} the collector is instead the packaged jar ({@code
 * collector/target}, build it with {@code package}) in a JVM of its own with the production
 * settings of docs/operations.md ({@link CollectorProcess#PRODUCTION_JVM_OPTIONS}), and the
 * run also reports its peak RSS and GC pauses ({@link ProcessWatch}) and the CPU time the
 * collector (its JIT compiler apart), PostgreSQL and this generator used while timed ({@link
 * CpuWindow}); the phase timers then come from its admin port's {@code /metrics}.
 *
 * <pre>./mvnw -q -pl collector test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.tollgate.collector.bench.IngestLoadGenerator</pre>
 */
public final class IngestLoadGenerator {

  private static final String[] MODELS = {"gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06", "o3-mini", "gpt-4.1-mini",
      "text-embedding-3-small", "gpt-5-mini"};
  private static final String[] FEATURES = {"summarise", "search", "chat", "classify"};

  private static final Instant BASE = Instant.now().minus(Duration.ofHours(1));

  private IngestLoadGenerator() {}

  public static void main(String[] args) throws Exception {
    String dbUrl = System.getProperty("bench.db", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String user = System.getProperty("bench.user", "postgres");
    String password = System.getProperty("bench.password", "");
    int threads = Integer.getInteger("bench.threads", 4);
    int batchSize = Integer.getInteger("bench.batch", 500);
    int batches = Integer.getInteger("bench.batches", 480);
    // A collector runs for days: measured before its JIT has compiled the ingest path, a run
    // times the compiler (C2 was 40 % of the collector's CPU in the timed window after 200
    // warm-up batches, 8 to 12 % after 1,500; docs/benchmarks.md).
    int warmup = Integer.getInteger("bench.warmup", 1000);

    boolean separateProcess = Boolean.getBoolean("bench.process");

    String name = "tg_bench_ingest_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(dbUrl, user, password); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    String url = dbUrl.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1");
    TollgateConfiguration config = TestApps.config(new TestDatabases.TestDatabase(url, user, password), c -> {
      DefaultServerFactory server = (DefaultServerFactory) c.getServerFactory();
      ((LogbackAccessRequestLogFactory) server.getRequestLogFactory()).setAppenders(List.of());
      c.getDatabase().setMaxSize(16);
      c.getDatabase().setMinSize(16);
    });
    try {
      if (separateProcess) {
        runAgainstProcess(config, threads, batchSize, batches, warmup, url, user, password);
      } else {
        DropwizardTestSupport<TollgateConfiguration> app =
            new DropwizardTestSupport<>(TollgateApplication.class, config);
        app.before();
        try {
          Target target = new Target(new IngestTestData(app.getConfiguration(), app.getLocalPort()), () ->
              app.getEnvironment().metrics().getTimers((n, m) -> n.startsWith("tollgate.ingest")).forEach((n, t) ->
                  printTimer(n, t.getSnapshot().getMean() / 1e6, t.getSnapshot().get99thPercentile() / 1e6,
                      t.getCount())), 0);
          run(target, threads, batchSize, batches, warmup, url, user, password);
        } finally {
          app.after();
        }
      }
    } finally {
      try (Connection c = DriverManager.getConnection(dbUrl, user, password); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
    // exec:java waits for every non-daemon thread (HTTP client and server pools) otherwise.
    System.exit(0);
  }

  /**
   * Where the batches go, how to print its ingest phase timers after the run, and the collector's
   * process id when it runs in a JVM of its own (0 when in this one).
   */
  private record Target(IngestTestData data, Runnable printPhases, long pid) {}

  /** The packaged collector in its own JVM with the production settings, watched for RSS and GC pauses. */
  private static void runAgainstProcess(TollgateConfiguration config, int threads, int batchSize, int batches,
      int warmup, String url, String user, String password) throws Exception {
    int port = CollectorProcess.freePort();
    int adminPort = CollectorProcess.freePort();
    Path dir = Files.createTempDirectory("tollgate-ingest-bench");
    Path log = dir.resolve("collector.log");
    Path gcLog = dir.resolve("gc.log");
    Path configFile = Path.of("config.yml").toAbsolutePath();
    if (!Files.exists(configFile)) {
      configFile = Path.of("collector", "config.yml").toAbsolutePath();
    }
    Map<String, String> env = Map.of("TOLLGATE_DB_URL", url, "TOLLGATE_DB_USER", user, "TOLLGATE_DB_PASSWORD",
        password, "TOLLGATE_PORT", Integer.toString(port), "TOLLGATE_ADMIN_PORT", Integer.toString(adminPort),
        "TOLLGATE_DB_POOL_SIZE", "16", "TOLLGATE_MIGRATE_ON_START", "true", "TOLLGATE_BOOTSTRAP_ADMIN_KEY",
        TestApps.ADMIN_KEY, "TOLLGATE_ENCRYPTION_KEY", TestApps.ENCRYPTION_KEY, "TOLLGATE_TOKEN_SIGNING_KEY",
        TestApps.TOKEN_SIGNING_KEY);
    System.out.println("Collector JVM: " + String.join(" ", CollectorProcess.PRODUCTION_JVM_OPTIONS) + "; log " + log);
    try (CollectorProcess collector = CollectorProcess.startServer(CollectorProcess.packagedJar(), configFile,
        CollectorProcess.PRODUCTION_JVM_OPTIONS, env, log, gcLog)) {
      collector.awaitPing(adminPort);
      try (ProcessWatch watch = ProcessWatch.start(collector.process().pid())) {
        IngestTestData data = new IngestTestData(config, port);
        Target target = new Target(data, () -> printRemotePhases(data, adminPort), collector.process().pid());
        run(target, threads, batchSize, batches, warmup, url, user, password);
        System.out.println("Collector process: " + watch.summary(gcLog));
      }
    }
  }

  /** The ingest timers of a collector process, from its admin port's Dropwizard {@code /metrics}. */
  private static void printRemotePhases(IngestTestData data, int adminPort) {
    JsonNode timers = IngestTestData.json(data.get("http://127.0.0.1:" + adminPort + "/metrics", null)).get("timers");
    timers.fieldNames().forEachRemaining(n -> {
      if (n.startsWith("tollgate.ingest")) {
        JsonNode t = timers.get(n);
        double toMs = "milliseconds".equals(t.path("duration_units").asText()) ? 1 : 1000;
        printTimer(n, t.get("mean").asDouble() * toMs, t.get("p99").asDouble() * toMs, t.get("count").asLong());
      }
    });
  }

  private static void printTimer(String name, double meanMs, double p99Ms, long count) {
    System.out.printf(Locale.ROOT, "  %-40s mean %6.1f ms  p99 %6.1f ms  (n=%d)%n", name, meanMs, p99Ms, count);
  }

  private static void run(Target collector, int threads, int batchSize, int batches, int warmup, String url,
      String user, String password) throws Exception {
    IngestTestData data = collector.data();
    data.providerKey("default", "sk-bench-0000", true);
    for (PriceRequest p : DefaultPriceBook.load(IngestTestData.JSON)) {
      data.price(p.model(), p.element(), p.price().toPlainString(), p.effectiveFrom().toString());
    }
    IngestTestData.ClientCreds client = data.activeClient("Bench", "5");
    data.quota(data.subscriptionOf(client.teamId()), "cost", "month", "1000000000", "hard");
    data.quota(data.subscriptionOf(client.teamId()), "requests", "day", "1000000000", "soft");
    String token = data.token(client);

    System.out.printf("Building %d + %d warm-up gzip batches of %d events...%n", batches, warmup, batchSize);
    boolean randomIds = "random".equals(System.getProperty("bench.ids", "v7"));
    boolean spread = "spread".equals(System.getProperty("bench.times", "ordered"));
    System.out.printf("Event ids: %s; event times: %s%n",
        randomIds ? "random (version 4)" : "time-ordered (version 7, as the SDK makes them)",
        spread ? "each batch's spread over the hour" : "each batch's in its slice of the hour, batches in order");
    Random random = new Random(42);
    // The ids' own generator: both id modes send the same events otherwise.
    Random ids = randomIds ? null : new Random(7);
    // Each batch's events fall in its own slice of the hour before the run, or anywhere in it when spread.
    Duration hour = Duration.ofHours(1);
    Duration slice = spread ? hour : hour.dividedBy(warmup + batches);
    List<byte[]> warm = new ArrayList<>();
    for (int i = 0; i < warmup; i++) {
      warm.add(gzip(batch(random, batchSize, spread ? BASE : BASE.plus(slice.multipliedBy(i)), slice, ids)));
    }
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      bodies.add(gzip(batch(random, batchSize, spread ? BASE : BASE.plus(slice.multipliedBy(warmup + i)), slice, ids)));
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newFixedThreadPool(threads)).build();
    URI target = URI.create(data.baseUrl + "/v1/usage/events");
    post(http, target, token, warm, threads);
    System.out.printf("Warm-up done (%d batches); timing %d batches...%n", warmup, batches);

    CpuWindow cpu = collector.pid() == 0 ? null : CpuWindow.open(collector.pid());
    long start = System.nanoTime();
    long[] latencies = post(http, target, token, bodies, threads);
    double seconds = (System.nanoTime() - start) / 1e9;
    String cpuLine = cpu == null ? null : cpu.close();
    long events = (long) batches * batchSize;
    java.util.Arrays.sort(latencies);
    double rate = events / seconds;
    System.out.printf(Locale.ROOT, "Collector ingest: %d events in %d batches of %d from %d threads: %.0f events/s, "
            + "batch latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", events, batches, batchSize, threads, rate,
        latencies[latencies.length / 2] / 1e6, latencies[(int) Math.ceil(latencies.length * 0.99) - 1] / 1e6,
        latencies[latencies.length - 1] / 1e6);
    if (cpuLine != null) {
      System.out.println(cpuLine);
    }
    collector.printPhases().run();
    long stored = data.count("SELECT count(*) FROM usage_events");
    System.out.printf("Stored events: %d (expected %d)%n", stored, events + (long) warmup * batchSize);

    // The physical baseline: the same rows, new ids, COPY into the same table.
    ByteArrayOutputStream rows = new ByteArrayOutputStream();
    String columns = "ts, received_at, team_id, client_id, endpoint, method, source, request_model, model, rated_model,"
        + " status_code, latency_ms, ttft_ms, streamed, lease_id, trace_id, end_user, tags, error, estimated,"
        + " prompt_tokens, cached_prompt_tokens, cache_write_prompt_tokens, audio_prompt_tokens, completion_tokens,"
        + " reasoning_tokens, audio_completion_tokens, product_id, subtotal, markup_percent, markup, total_cost,"
        + " currency, unpriced, price_effective_from, rated_at, service_tier, billing_month";
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      PGConnection pg = c.unwrap(PGConnection.class);
      // New ids made as the ingested ones were: random, or time-ordered and an hour later than the rows'
      // own (so that, like the ingested ids, they land after every id stored), with new random bits.
      String newId = randomIds ? "gen_random_uuid()"
          : "(lpad(to_hex(('x' || substr(replace(id::text, '-', ''), 1, 12))::bit(48)::bigint + 3600000), 12, '0')"
              + " || substr(replace(id::text, '-', ''), 13, 8) || substr(md5(random()::text), 1, 12))::uuid";
      pg.getCopyAPI().copyOut("COPY (SELECT " + newId + ", "
          + columns + " FROM usage_events ORDER BY ts LIMIT "
          + events + ") TO STDOUT", rows);
      byte[] copy = rows.toByteArray();
      long copyStart = System.nanoTime();
      long copied = pg.getCopyAPI().copyIn("COPY usage_events (id, " + columns + ") FROM STDIN",
          new java.io.ByteArrayInputStream(copy));
      double copySeconds = (System.nanoTime() - copyStart) / 1e9;
      double copyRate = copied / copySeconds;
      System.out.printf(Locale.ROOT, "COPY baseline: %d rows in %.2f s: %.0f rows/s; ingest is %.0f%% of COPY%n",
          copied, copySeconds, copyRate, 100 * rate / copyRate);
    }
  }

  private static long[] post(HttpClient http, URI target, String token, List<byte[]> bodies, int threads)
      throws Exception {
    long[] latencies = new long[bodies.size()];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        for (int i; (i = next.getAndIncrement()) < bodies.size(); ) {
          HttpRequest request = HttpRequest.newBuilder(target).header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
              .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
          long t0 = System.nanoTime();
          HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
          latencies[i] = System.nanoTime() - t0;
          if (r.statusCode() != 200 || !r.body().contains("\"rejected\":[]")) {
            throw new IllegalStateException("batch " + i + ": " + r.statusCode() + " " + r.body());
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return latencies;
  }

  /**
   * A realistic batch: a handful of models, cached prompts, some reasoning, 2% errors, tags. Its
   * events happen within {@code span} from {@code from} (in the hour before the run, so they land
   * in the current month's partition); their ids are time-ordered as the SDK's {@code EventIds}
   * makes them (drawn from {@code ids}), or random when {@code ids} is null, as another client
   * might send.
   */
  static String batch(Random random, int size, Instant from, Duration span, Random ids) {
    StringBuilder out = new StringBuilder(size * 520).append("{\"events\":[");
    int spanMillis = (int) Math.max(1, span.toMillis());
    List<String> events = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String model = MODELS[random.nextInt(MODELS.length)];
      boolean error = random.nextInt(50) == 0;
      long prompt = 50 + random.nextInt(4000);
      long cached = random.nextBoolean() ? prompt / 2 : 0;
      long completion = model.startsWith("text-embedding") ? 0 : 10 + random.nextInt(800);
      long reasoning = model.startsWith("o3") ? completion / 2 : 0;
      Instant ts = from.plusMillis(random.nextInt(spanMillis));
      String endpoint = model.startsWith("text-embedding") ? "/v1/embeddings" : "/v1/chat/completions";
      UUID id = ids == null ? UUID.randomUUID() : EventIds.at(ts, ids);
      events.add("{\"id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"endpoint\":\"" + endpoint
          + "\",\"method\":\"POST\",\"request_model\":\"" + model + "\",\"model\":\"" + model + "\",\"status_code\":"
          + (error ? 429 : 200) + ",\"latency_ms\":" + (100 + random.nextInt(3000)) + ",\"time_to_first_token_ms\":"
          + (50 + random.nextInt(500)) + ",\"streamed\":" + random.nextBoolean() + ",\"trace_id\":\""
          + Long.toHexString(random.nextLong()) + "\",\"end_user\":\"u-" + random.nextInt(500) + "\""
          + (error ? ",\"error\":{\"type\":\"rate_limit_exceeded\",\"code\":\"429\"}"
              : ",\"usage\":{\"prompt_tokens\":" + prompt + ",\"cached_prompt_tokens\":" + cached
                  + ",\"completion_tokens\":" + completion + ",\"reasoning_tokens\":" + reasoning
                  + ",\"estimated\":false}")
          + ",\"tags\":{\"feature\":\"" + FEATURES[random.nextInt(FEATURES.length)] + "\",\"env\":\"prod\"}}");
    }
    Collections.shuffle(events, random);
    out.append(String.join(",", events)).append("]}");
    return out.toString();
  }

  static byte[] gzip(String s) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(s.getBytes(StandardCharsets.UTF_8));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
