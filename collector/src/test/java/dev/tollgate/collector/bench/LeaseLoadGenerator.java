package dev.tollgate.collector.bench;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.quota.QuotaFeature;
import dev.tollgate.collector.testing.CollectorProcess;
import dev.tollgate.collector.testing.CpuWindow;
import dev.tollgate.collector.testing.ProcessWatch;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.IngestTestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Quota lease benchmark (not a test). Starts two collectors as separate processes (the
 * packaged jar, {@code server}, {@link CollectorProcess#PRODUCTION_JVM_OPTIONS}) on one fresh
 * database of the PostgreSQL server at {@code -Dbench.db}, gives one team a hard monthly cost
 * quota and {@code -Dbench.clients=64} clients, then runs three phases of
 * {@code -Dbench.seconds=20} each (after {@code -Dbench.warmupSeconds=20} of each to warm up)
 * from {@code -Dbench.threads=16} threads, every request sent
 * round robin to the two collectors: the admin {@code /ping} (the baseline), {@code POST
 * /v1/quota/lease} rotating over the clients' tokens (each renewal names the client's previous
 * lease, as the SDK does), and {@code GET /v1/quota}. Prints requests/s, p50 and p99 of each,
 * the ratios to {@code /ping}, and each collector's peak RSS and GC pause p99.
 *
 * <pre>./mvnw -q -pl collector -am package -DskipTests
 * ./mvnw -q -pl collector test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.tollgate.collector.bench.LeaseLoadGenerator</pre>
 */
public final class LeaseLoadGenerator {

  private LeaseLoadGenerator() {}

  /** One phase's outcome. */
  private record Result(String name, long requests, long failures, double seconds, long[] latenciesMicros) {

    double rate() {
      return requests / seconds;
    }

    double percentileMs(double p) {
      if (latenciesMicros.length == 0) {
        return 0;
      }
      return latenciesMicros[(int) Math.min(latenciesMicros.length - 1, Math.floor(p * latenciesMicros.length))] / 1000.0;
    }
  }

  public static void main(String[] args) throws Exception {
    String dbUrl = System.getProperty("bench.db", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String user = System.getProperty("bench.user", "postgres");
    String password = System.getProperty("bench.password", "");
    int threads = Integer.getInteger("bench.threads", 16);
    int clients = Integer.getInteger("bench.clients", 64);
    int seconds = Integer.getInteger("bench.seconds", 20);
    int warmup = Integer.getInteger("bench.warmupSeconds", 20);

    String name = "tg_bench_lease_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(dbUrl, user, password); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    String url = dbUrl.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1");
    Path dir = Files.createTempDirectory("tollgate-lease-bench");
    Path jar = CollectorProcess.packagedJar();
    Path config = Path.of(Files.exists(Path.of("collector", "config.yml")) ? "collector/config.yml" : "config.yml");

    int[] ports = new int[2];
    int[] adminPorts = new int[2];
    List<CollectorProcess> collectors = new ArrayList<>();
    List<ProcessWatch> watches = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        ports[i] = CollectorProcess.freePort();
        adminPorts[i] = CollectorProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of(
            "TOLLGATE_PORT", Integer.toString(ports[i]), "TOLLGATE_ADMIN_PORT", Integer.toString(adminPorts[i]),
            "TOLLGATE_DB_URL", url, "TOLLGATE_DB_USER", user, "TOLLGATE_DB_PASSWORD", password,
            "TOLLGATE_MIGRATE_ON_START", i == 0 ? "true" : "false",
            "TOLLGATE_BOOTSTRAP_ADMIN_KEY", TestApps.ADMIN_KEY, "TOLLGATE_ENCRYPTION_KEY", TestApps.ENCRYPTION_KEY,
            "TOLLGATE_TOKEN_SIGNING_KEY", TestApps.TOKEN_SIGNING_KEY));
        // -Dbench.instanceLeases=false: the direct path only, to compare with instance leases.
        env.put("TOLLGATE_QUOTA_INSTANCE_LEASES", System.getProperty("bench.instanceLeases", "true"));
        // -Dbench.leaseGroups=false: every lease granted alone, to compare with groups.
        env.put("TOLLGATE_QUOTA_LEASE_GROUPS", System.getProperty("bench.leaseGroups", "true"));
        CollectorProcess collector = CollectorProcess.startServer(jar, config, CollectorProcess.PRODUCTION_JVM_OPTIONS,
            env, dir.resolve("collector-" + i + ".log"), dir.resolve("gc-" + i + ".log"));
        collectors.add(collector);
        collector.awaitPing(adminPorts[i]);
        watches.add(ProcessWatch.start(collector.process().pid()));
      }
      long[] pids = collectors.stream().mapToLong(c -> c.process().pid()).toArray();
      run(url, user, password, ports, adminPorts, pids, threads, clients, warmup, seconds);
      for (int i = 0; i < 2; i++) {
        watches.get(i).close();
        System.out.printf(Locale.ROOT, "collector %d: %s%n", i + 1, watches.get(i).summary(dir.resolve("gc-" + i + ".log")));
      }
    } finally {
      for (CollectorProcess c : collectors) {
        c.close();
      }
      System.out.println("logs in " + dir);
      try (Connection c = DriverManager.getConnection(dbUrl, user, password); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  private static void run(String url, String user, String password, int[] ports, int[] adminPorts, long[] pids,
      int threads, int clients, int warmup, int seconds) throws Exception {
    TollgateConfiguration db = TestApps.config(new TestDatabases.TestDatabase(url, user, password), c -> { });
    IngestTestData data = new IngestTestData(db, ports[0]);
    data.providerKey("default", "sk-bench-default-key-1234", true);
    data.price("bench-model*", "prompt_tokens", "1.00", "2026-01-01T00:00:00Z");
    IngestTestData.ClientCreds first = data.activeClient("Lease bench", "0");
    // Large enough not to run out during the run: leases are granted all along.
    data.quota(data.subscriptionOf(first.teamId()), "cost", "month", "1000000000", "hard");
    String[] tokens = new String[clients];
    tokens[0] = data.token(first);
    for (int i = 1; i < clients; i++) {
      tokens[i] = data.token(data.client(first.teamId(), "active"));
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    String[] previous = new String[clients];
    AtomicInteger rotation = new AtomicInteger();

    IntFunction<HttpRequest> ping = n -> HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + adminPorts[n % 2] + "/ping")).GET().build();
    IntFunction<HttpRequest> quota = n -> HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ports[n % 2] + "/v1/quota"))
        .header("Authorization", "Bearer " + tokens[(n / 2) % clients]).GET().build();
    IntFunction<HttpRequest> lease = n -> {
      int client = rotation.getAndIncrement() % clients;
      String replaces;
      synchronized (previous) {
        replaces = previous[client] == null ? ""
            : ",\"replaces\":{\"lease_id\":\"" + previous[client] + "\",\"used\":{\"cost\":\"0.000123\"}}";
      }
      return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[n % 2] + "/v1/quota/lease"))
          .header("Authorization", "Bearer " + tokens[client]).header("Content-Type", "application/json")
          .header("X-Bench-Client", Integer.toString(client))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"bench-model\",\"estimate\":{\"tokens\":500}"
              + replaces + "}"))
          .build();
    };
    java.util.function.BiConsumer<HttpRequest, HttpResponse<String>> remember = (request, response) -> {
      if (response.statusCode() == 200) {
        int client = Integer.parseInt(request.headers().firstValue("X-Bench-Client").orElseThrow());
        String body = response.body();
        int at = body.indexOf("\"lease_id\":\"") + 12;
        synchronized (previous) {
          previous[client] = body.substring(at, at + 36);
        }
      }
    };

    // Warm up every path on both collectors (JIT, connection pools) before measuring: after 5 s
    // each, their JIT compilers still took a quarter to two fifths of their CPU in the timed phases.
    phase("warm-up", http, threads, warmup, ping, (q, r) -> { });
    phase("warm-up", http, threads, warmup, lease, remember);
    phase("warm-up", http, threads, warmup, quota, (q, r) -> { });

    List<Result> results = new ArrayList<>();
    List<String> cpu = new ArrayList<>();
    CpuWindow window = CpuWindow.open(pids);
    results.add(phase("/ping (admin)", http, threads, seconds, ping, (q, r) -> { }));
    cpu.add("/ping: " + window.close());
    window = CpuWindow.open(pids);
    results.add(phase("POST /v1/quota/lease", http, threads, seconds, lease, remember));
    cpu.add("lease: " + window.close());
    window = CpuWindow.open(pids);
    results.add(phase("GET /v1/quota", http, threads, seconds, quota, (q, r) -> { }));
    cpu.add("quota: " + window.close());
    double pingRate = results.get(0).rate();
    System.out.printf(Locale.ROOT, "%-22s %10s %8s %8s %8s %9s%n", "phase", "req/s", "p50 ms", "p99 ms", "failed",
        "/ /ping");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "%-22s %10.0f %8.2f %8.2f %8d %9.3f%n", r.name(), r.rate(), r.percentileMs(0.5),
          r.percentileMs(0.99), r.failures(), r.rate() / pingRate);
    }
    cpu.forEach(System.out::println);
    for (int i = 0; i < 2; i++) {
      var gauges = IngestTestData.JSON.readTree(http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + adminPorts[i] + "/metrics")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body()).path("gauges");
      long groups = gauges.path(QuotaFeature.LEASE_GROUPS).path("value").asLong();
      long grouped = gauges.path(QuotaFeature.LEASES_GROUPED).path("value").asLong();
      System.out.printf(Locale.ROOT, "collector %d: %d leases granted in %d groups (%.1f a group), warm-up included%n",
          i + 1, grouped, groups, groups == 0 ? 0.0 : (double) grouped / groups);
    }
    try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
         var rs = st.executeQuery("SELECT (SELECT count(*) FROM quota_instance_leases), "
             + "(SELECT count(*) FROM quota_lease_grants WHERE instance_lease_id IS NOT NULL), "
             + "(SELECT count(*) FROM quota_lease_grants)")) {
      rs.next();
      System.out.printf(Locale.ROOT, "instance leases: %d; client grants cut from them: %d of %d%n",
          rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }
  }

  private static Result phase(String name, HttpClient http, int threads, int seconds, IntFunction<HttpRequest> request,
      java.util.function.BiConsumer<HttpRequest, HttpResponse<String>> after) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong failures = new AtomicLong();
    AtomicInteger sequence = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<long[]>> futures = new ArrayList<>();
    long started = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        long[] latencies = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < end) {
          HttpRequest r = request.apply(sequence.getAndIncrement());
          long t0 = System.nanoTime();
          HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
          long micros = (System.nanoTime() - t0) / 1000;
          if (response.statusCode() / 100 != 2) {
            if (failures.incrementAndGet() <= 3) {
              System.err.println(name + ": " + response.statusCode() + " " + response.body());
            }
          } else {
            after.accept(r, response);
          }
          if (n == latencies.length) {
            latencies = Arrays.copyOf(latencies, n * 2);
          }
          latencies[n++] = micros;
        }
        return Arrays.copyOf(latencies, n);
      }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : futures) {
      all.add(f.get());
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(name, merged.length, failures.get(), elapsed, merged);
  }
}
