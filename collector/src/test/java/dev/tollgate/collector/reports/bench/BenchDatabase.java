package dev.tollgate.collector.reports.bench;

import dev.tollgate.collector.infra.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmarks' database on the machine's PostgreSQL, from system properties
 * {@code bench.jdbc} (default {@code jdbc:postgresql://127.0.0.1:5432/}), {@code bench.db},
 * {@code bench.user} (postgres) and {@code bench.password} (empty).
 */
record BenchDatabase(String jdbc, String db, String user, String password) {

  static BenchDatabase fromProperties(String defaultDb) {
    return new BenchDatabase(System.getProperty("bench.jdbc", "jdbc:postgresql://127.0.0.1:5432/"),
        System.getProperty("bench.db", defaultDb), System.getProperty("bench.user", "postgres"),
        System.getProperty("bench.password", ""));
  }

  String url() {
    return jdbc + db;
  }

  /** Runs SQL on the server's maintenance database ({@code postgres}). */
  void onServer(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc + "postgres", user, password);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** Creates the database when it does not exist, and applies the migrations. */
  void createAndMigrate() throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbc + "postgres", user, password);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
      if (!rs.next()) {
        st.execute("CREATE DATABASE " + db);
      }
    }
    new Migrations(url(), user, password).migrate();
  }
}
