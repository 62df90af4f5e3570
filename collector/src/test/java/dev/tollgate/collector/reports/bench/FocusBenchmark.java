package dev.tollgate.collector.reports.bench;

import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import io.dropwizard.testing.DropwizardTestSupport;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Times {@code GET /v1/reports/focus} for a month of synthetic charges
 * ({@code bench/focus-load.sql}) through the HTTP API of a collector started in-process
 * against the machine's PostgreSQL. Not a test: run it with
 * {@code ./mvnw -q -pl collector test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.tollgate.collector.reports.bench.FocusBenchmark}.
 *
 * <p>System properties: {@code bench.events} (default 300000), {@code bench.runs} (default 5),
 * and {@link BenchDatabase}'s ({@code bench.db} defaults to {@code tollgate_focus_bench}).
 */
public final class FocusBenchmark {

  private FocusBenchmark() {}

  public static void main(String[] args) throws Exception {
    long events = Long.getLong("bench.events", 300_000L);
    int runs = Integer.getInteger("bench.runs", 5);
    BenchDatabase database = BenchDatabase.fromProperties("tollgate_focus_bench");
    database.createAndMigrate();
    load(database, events);

    TollgateConfiguration config = TestApps.config(new TestDatabases.TestDatabase(database.url(), database.user(),
        database.password()), cfg -> { });
    DropwizardTestSupport<TollgateConfiguration> app = new DropwizardTestSupport<>(TollgateApplication.class, config);
    app.before();
    try {
      System.out.printf("%nload average before: %s%n", ReportsBenchmark.loadAverage());
      System.out.printf("%n%-55s %8s %8s %8s %8s %s%n", "report", "min ms", "median", "p95", "max", "bytes");
      ReportsBenchmark.time(HttpClient.newHttpClient(), "http://localhost:" + app.getLocalPort()
          + "/v1/reports/focus?month=2026-11", "FOCUS, one month (" + events + " events)", runs);
      System.out.printf("load average after: %s%n", ReportsBenchmark.loadAverage());
    } finally {
      app.after();
    }
  }

  private static void load(BenchDatabase database, long events) throws Exception {
    try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM usage_events")) {
        rs.next();
        if (rs.getLong(1) == events) {
          System.out.printf("bench data present: %,d events%n", events);
          return;
        }
      }
      st.execute("TRUNCATE charge_lines, usage_daily, usage_events, clients, teams, prices CASCADE");
      for (String sql : BenchData.statements("/bench/focus-load.sql", events)) {
        long s = System.nanoTime();
        st.execute(sql);
        System.out.printf("  %5.1f s  %s%n", (System.nanoTime() - s) / 1e9, BenchData.firstLine(sql));
      }
      st.execute("ANALYZE");
    }
  }
}
