package dev.tollgate.collector.testing;

import dev.tollgate.collector.dev.EmbeddedStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Real PostgreSQL for tests: the server named by {@code TOLLGATE_TEST_DB_URL} (a JDBC URL
 * of a database whose user may create databases), else one embedded PostgreSQL started
 * once per test run. Each call to {@link #create()} makes a fresh, empty database so test
 * classes never see each other's data.
 */
public final class TestDatabases {

  /** A fresh database: its JDBC URL, user and password. */
  public record TestDatabase(String url, String user, String password) {}

  private static volatile Server server;

  private TestDatabases() {}

  public static TestDatabase create() {
    Server s = server();
    String name = "tg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(s.adminUrl, s.user, s.password);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database on " + s.adminUrl, e);
    }
    s.created.add(name);
    return new TestDatabase(s.urlFor(name), s.user, s.password);
  }

  private static Server server() {
    Server s = server;
    if (s == null) {
      synchronized (TestDatabases.class) {
        s = server;
        if (s == null) {
          s = start();
          server = s;
        }
      }
    }
    return s;
  }

  private static Server start() {
    String url = System.getenv("TOLLGATE_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      String user = envOr("TOLLGATE_TEST_DB_USER", "postgres");
      String password = envOr("TOLLGATE_TEST_DB_PASSWORD", "");
      Server shared = new Server(url, user, password, url.replaceFirst("/[^/?]*(\\?.*)?$", "/%s$1"));
      // A shared server outlives the run: drop what this run created when the JVM exits.
      Runtime.getRuntime().addShutdownHook(new Thread(shared::dropCreated, "test-databases-drop"));
      return shared;
    }
    EmbeddedStore store = EmbeddedStore.startEphemeral();
    Runtime.getRuntime().addShutdownHook(new Thread(store::close, "embedded-pg-stop"));
    String admin = store.jdbcUrl("postgres");
    return new Server(admin, "postgres", "", admin.replaceFirst("/postgres(\\?.*)?$", "/%s$1"));
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private record Server(String adminUrl, String user, String password, String urlPattern,
      java.util.Queue<String> created) {

    Server(String adminUrl, String user, String password, String urlPattern) {
      this(adminUrl, user, password, urlPattern, new java.util.concurrent.ConcurrentLinkedQueue<>());
    }

    String urlFor(String database) {
      return urlPattern.replace("%s", database);
    }

    void dropCreated() {
      try (Connection c = DriverManager.getConnection(adminUrl, user, password);
          Statement st = c.createStatement()) {
        for (String name : created) {
          st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
      } catch (SQLException e) {
        System.err.println("Could not drop the test databases: " + e.getMessage());
      }
    }
  }
}
