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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Times every console page (signed-in GETs of the HTML, as a browser asks for them) on the
 * reports benchmark's database ({@link ReportsBenchmark#prepare()}: the same data, loaded the
 * same way, and the same properties). Not a test: run it with
 * {@code ./mvnw -q -pl collector test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tollgate.collector.reports.bench.ConsoleBenchmark}; {@code bench.runs}
 * (timed runs per page) defaults to 10. The budget is one second a page (console.md).
 */
public final class ConsoleBenchmark {

  private ConsoleBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchDatabase database = ReportsBenchmark.prepare();
    int runs = Integer.getInteger("bench.runs", 10);
    TollgateConfiguration config = TestApps.config(new TestDatabases.TestDatabase(database.url(), database.user(),
        database.password()), cfg -> { });
    DropwizardTestSupport<TollgateConfiguration> app = new DropwizardTestSupport<>(TollgateApplication.class, config);
    app.before();
    try {
      String base = "http://localhost:" + app.getLocalPort();
      HttpClient http = HttpClient.newHttpClient();
      String cookie = signIn(http, base);
      String team = ReportsBenchmark.firstTeam(database.url(), database.user(), database.password());
      String month = "from=2026-09-01&to=2026-10-01";
      Map<String, String> pages = new LinkedHashMap<>();
      pages.put("overview, one month", "/console?month=2026-09");
      pages.put("transactions, one month, first page (50)", "/console/transactions?" + month);
      pages.put("transactions, one month, one team", "/console/transactions?" + month + "&team_id=" + team);
      pages.put("transactions, one month, status=error", "/console/transactions?" + month + "&status=error");
      pages.put("transaction drill-down", "/console/transactions/" + firstEvent(database));
      // The performance page's default range is one day (today); the bench data ends in October.
      String day = "from=2026-09-15&to=2026-09-16";
      pages.put("performance, one day, by client (+ per hour)", "/console/performance?" + day + "&group_by=client");
      pages.put("performance, one day, by model (+ per hour)", "/console/performance?" + day + "&group_by=model");
      pages.put("performance, one month, by client (+ per day)", "/console/performance?" + month + "&group_by=client");
      pages.put("usage, one month, by team and model", "/console/usage?" + month + "&group_by=team&group_by=model");
      pages.put("usage, one month, by client and day", "/console/usage?" + month + "&group_by=client&group_by=day");
      pages.put("usage CSV, one month, by team and model", "/console/usage.csv?" + month
          + "&group_by=team&group_by=model");
      pages.put("sources, one month", "/console/sources?" + month);
      pages.put("chargeback, one month", "/console/chargeback?month=2026-09");
      pages.put("chargeback CSV, one month", "/console/chargeback.csv?month=2026-09");
      pages.put("admin: teams", "/console/admin/teams");
      pages.put("admin: a team's clients", "/console/admin/teams/" + team + "/clients");
      pages.put("admin: products", "/console/admin/products");
      pages.put("admin: subscriptions", "/console/admin/subscriptions");
      pages.put("admin: price book", "/console/admin/prices");
      pages.put("admin: provider keys", "/console/admin/provider-keys");
      pages.put("admin: API keys", "/console/admin/api-keys");
      pages.put("admin: audit log", "/console/admin/audit");

      System.out.printf("%nload average before: %s%n", ReportsBenchmark.loadAverage());
      System.out.printf("%n%-55s %8s %8s %8s %8s %s%n", "page", "min ms", "median", "p95", "max", "bytes");
      for (Map.Entry<String, String> page : pages.entrySet()) {
        ReportsBenchmark.time(http, base + page.getValue(), page.getKey(), runs, "Cookie", cookie);
      }
      System.out.printf("load average after: %s%n", ReportsBenchmark.loadAverage());
    } finally {
      app.after();
    }
  }

  /** Signs in with the bootstrap admin key: the session cookie, as {@code name=value}. */
  private static String signIn(HttpClient http, String base) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("api_key=" + TestApps.ADMIN_KEY)).build(),
        HttpResponse.BodyHandlers.ofString());
    String cookie = answer.headers().firstValue("Set-Cookie")
        .orElseThrow(() -> new IllegalStateException("sign-in answered " + answer.statusCode()));
    return cookie.substring(0, cookie.indexOf(';'));
  }

  /** An event of the month the pages show, for the drill-down. */
  private static String firstEvent(BenchDatabase database) throws Exception {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM usage_events "
            + "WHERE ts >= '2026-09-15' ORDER BY ts LIMIT 1")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
