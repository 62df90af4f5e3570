package dev.tollgate.collector.reports.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads the benchmark's synthetic usage into a migrated database, generated inside
 * PostgreSQL ({@code bench/reports-load.sql}). Indexes on usage_events are dropped for the
 * load and rebuilt afterwards (a sorted build is far faster than 10 million random inserts
 * into B-trees), then the tables are analysed.
 */
final class BenchData {

  private final String url;
  private final String user;
  private final String password;

  BenchData(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** Loads {@code events} events unless exactly that many are already there. */
  void ensureLoaded(long events) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
      long present = count(st, "SELECT count(*) FROM usage_events");
      if (present == events) {
        System.out.printf("bench data present: %,d events%n", present);
        return;
      }
      long t0 = System.nanoTime();
      st.execute("TRUNCATE charge_lines, usage_daily, latency_daily, usage_events, usage_event_ids, clients, teams, products CASCADE");
      st.execute("SET maintenance_work_mem = '512MB'");
      st.execute("SET work_mem = '256MB'");
      List<String> indexes = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT indexname, indexdef FROM pg_indexes "
          + "WHERE tablename = 'usage_events' AND indexname <> 'usage_events_pkey'")) {
        while (rs.next()) {
          // A partitioned table's index reads "ON ONLY usage_events"; recreated without ONLY it builds on every partition.
          indexes.add(rs.getString(2).replace(" ON ONLY ", " ON "));
          System.out.println("dropping for the load: " + rs.getString(1));
        }
      }
      st.execute("ALTER TABLE usage_events DROP CONSTRAINT IF EXISTS usage_events_pkey");
      for (String def : indexes) {
        st.execute("DROP INDEX " + def.replaceFirst("^CREATE (UNIQUE )?INDEX (\\S+) ON .*$", "$2"));
      }
      for (String sql : statements("/bench/reports-load.sql", events)) {
        long s = System.nanoTime();
        st.execute(sql);
        System.out.printf("  %5.1f s  %s%n", (System.nanoTime() - s) / 1e9, firstLine(sql));
      }
      long s = System.nanoTime();
      st.execute("ALTER TABLE usage_events ADD CONSTRAINT usage_events_pkey PRIMARY KEY (id, ts)");
      for (String def : indexes) {
        st.execute(def);
      }
      System.out.printf("  %5.1f s  primary key and %d indexes rebuilt%n", (System.nanoTime() - s) / 1e9, indexes.size());
      st.execute("ANALYZE");
      System.out.printf("loaded %,d events in %.0f s; usage_daily rows: %,d%n", events,
          (System.nanoTime() - t0) / 1e9, count(st, "SELECT count(*) FROM usage_daily"));
    }
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String firstLine(String sql) {
    String line = sql.strip().lines().findFirst().orElse("");
    return line.length() > 70 ? line.substring(0, 70) + "..." : line;
  }

  /** The statements of a load script, {@code :events} replaced. */
  static List<String> statements(String resource, long events) {
    try (InputStream in = BenchData.class.getResourceAsStream(resource)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String body = text.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n"));
      return Arrays.stream(body.split(";\n"))
          .map(String::strip)
          .filter(sql -> !sql.isEmpty())
          .map(sql -> sql.replace(":events", Long.toString(events)).replaceAll(";$", ""))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
