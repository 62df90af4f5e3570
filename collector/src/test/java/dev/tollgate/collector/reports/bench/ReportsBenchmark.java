package dev.tollgate.collector.reports.bench;

import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times each report through the HTTP API against the machine's PostgreSQL with a large
 * synthetic data set (see {@link BenchData}). Not a test: run it with
 * {@code ./mvnw -q -pl collector test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tollgate.collector.reports.bench.ReportsBenchmark}.
 *
 * <p>System properties: {@code bench.events} (default 10000000), {@code bench.jdbc}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/}), {@code bench.db} (default
 * {@code tollgate_bench}), {@code bench.user} / {@code bench.password} (postgres / empty),
 * {@code bench.runs} (timed runs per report, default 15), {@code bench.loadOnly},
 * {@code bench.parallelWorkers} (the database's max_parallel_workers_per_gather: default 0,
 * {@code default} for PostgreSQL's own).
 */
public final class ReportsBenchmark {

  private ReportsBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchDatabase database = prepare();
    String user = database.user();
    String password = database.password();
    int runs = Integer.getInteger("bench.runs", 15);
    String url = database.url();
    if (Boolean.getBoolean("bench.loadOnly")) {
      return;
    }

    TollgateConfiguration config = TestApps.config(new TestDatabases.TestDatabase(url, user, password), cfg -> { });
    DropwizardTestSupport<TollgateConfiguration> app = new DropwizardTestSupport<>(TollgateApplication.class, config);
    app.before();
    try {
      String base = "http://localhost:" + app.getLocalPort() + "/v1/reports/";
      String team = firstTeam(url, user, password);
      Map<String, String> reports = new LinkedHashMap<>();
      reports.put("usage, one month, group_by=team,model", "usage?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z&group_by=team,model");
      reports.put("usage, one month, group_by=client,day", "usage?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z&group_by=client,day");
      reports.put("usage, one month, one team, group_by=model,week", "usage?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z&group_by=model,week&team_id=" + team);
      reports.put("usage, month with partial edge days (10:00 to 10:00)", "usage?from=2026-09-01T10:00:00Z&to=2026-10-01T10:00:00Z&group_by=team");
      reports.put("usage, one day, group_by=end_user (raw events)", "usage?from=2026-09-15T00:00:00Z&to=2026-09-16T00:00:00Z&group_by=end_user");
      reports.put("chargeback, one month", "chargeback?month=2026-09");
      reports.put("chargeback, one month, CSV", "chargeback?month=2026-09&format=csv");
      reports.put("performance, one day, group_by=model", "performance?from=2026-09-15T00:00:00Z&to=2026-09-16T00:00:00Z&group_by=model");
      reports.put("performance, one day, group_by=client,interval=hour", "performance?from=2026-09-15T00:00:00Z&to=2026-09-16T00:00:00Z&group_by=client&interval=hour");
      reports.put("transactions, first page (100)", "transactions?from=2026-08-01T00:00:00Z&to=2026-11-01T00:00:00Z");
      reports.put("transactions, one team, first page", "transactions?from=2026-08-01T00:00:00Z&to=2026-11-01T00:00:00Z&team_id=" + team);
      reports.put("transactions, status=error, first page", "transactions?from=2026-08-01T00:00:00Z&to=2026-11-01T00:00:00Z&status=error");

      HttpClient http = HttpClient.newHttpClient();
      System.out.printf("%nload average before: %s%n", loadAverage());
      System.out.printf("%n%-55s %8s %8s %8s %8s %s%n", "report", "min ms", "median", "p95", "max", "bytes");
      for (Map.Entry<String, String> report : reports.entrySet()) {
        time(http, base + report.getValue(), report.getKey(), runs);
      }
      timePaging(http, base + "transactions?from=2026-08-01T00:00:00Z&to=2026-11-01T00:00:00Z&limit=100", runs);
      System.out.printf("load average after: %s%n", loadAverage());
    } finally {
      app.after();
    }
  }

  /**
   * The benchmark's database from the system properties, migrated, with its parallel-workers
   * setting and {@code bench.events} events (default 10 million) loaded unless already there.
   */
  static BenchDatabase prepare() throws Exception {
    long events = Long.getLong("bench.events", 10_000_000L);
    BenchDatabase database = BenchDatabase.fromProperties("tollgate_bench");
    String parallel = System.getProperty("bench.parallelWorkers", "0");
    database.createAndMigrate();
    // Parallel workers per query: 0 on a small shared host (see docs/benchmarks.md), "default" resets.
    database.onServer(parallel.equals("default") ? "ALTER DATABASE " + database.db()
        + " RESET max_parallel_workers_per_gather" : "ALTER DATABASE " + database.db()
        + " SET max_parallel_workers_per_gather = " + Integer.parseInt(parallel));
    new BenchData(database.url(), database.user(), database.password()).ensureLoaded(events);
    return database;
  }

  static void time(HttpClient http, String url, String name, int runs) throws Exception {
    time(http, url, name, runs, "Authorization", "Bearer " + TestApps.ADMIN_KEY);
  }

  /** Three warm-up GETs, then {@code runs} timed ones with {@code headers} (name, value pairs); prints the figures. */
  static void time(HttpClient http, String url, String name, int runs, String... headers) throws Exception {
    long bytes = 0;
    for (int i = 0; i < 3; i++) {
      bytes = get(http, url, headers).body().length;
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      get(http, url, headers);
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    print(name, ms, bytes);
  }

  /** A page deep in the log: follows cursors 50 pages down, then times the next page. */
  private static void timePaging(HttpClient http, String url, int runs) throws Exception {
    String cursor = null;
    Pattern next = Pattern.compile("\"next_cursor\":\"([^\"]+)\"");
    for (int i = 0; i < 50; i++) {
      String body = new String(get(http, cursor == null ? url : url + "&cursor=" + cursor, "Authorization",
          "Bearer " + TestApps.ADMIN_KEY).body());
      Matcher m = next.matcher(body);
      if (!m.find()) {
        break;
      }
      cursor = m.group(1);
    }
    time(http, url + "&cursor=" + cursor, "transactions, page 51 (by cursor)", runs);
  }

  private static HttpResponse<byte[]> get(HttpClient http, String url, String... headers) throws Exception {
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).headers(headers).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " -> " + response.statusCode() + " " + new String(response.body()));
    }
    return response;
  }

  private static void print(String name, double[] ms, long bytes) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double p95 = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    System.out.printf("%-55s %8.1f %8.1f %8.1f %8.1f %d%n", name, sorted[0], sorted[sorted.length / 2], p95,
        sorted[sorted.length - 1], bytes);
  }

  /** The machine's load average (Linux), to read the timings against. */
  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static String firstTeam(String url, String user, String password) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM teams ORDER BY name LIMIT 1")) {
      rs.next();
      return rs.getString(1);
    }
  }

}
