package dev.tollgate.collector.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.testing.Crashes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, defects 4, 7 and 8: dev mode's embedded PostgreSQL commits durably, starts again
 * over one a killed collector left running, and is started again by its owner when it dies.
 */
class EmbeddedStoreIT {

  @TempDir
  Path temp;

  @Test
  void anAcknowledgedCommitIsOnDiskBeforeTheAnswer() throws Exception {
    try (EmbeddedStore store = EmbeddedStore.start(temp.resolve("data"))) {
      assertThat(setting(store, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(store, "fsync")).isEqualTo("on");
    }
  }

  @Test
  void startsAgainOverThePostgresAKilledCollectorLeftRunning() throws Exception {
    Path data = temp.resolve("orphaned");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process collector = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        OrphanMaker.class.getName(), data.toString()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(collector.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line == null || !line.startsWith("ready"); line = out.readLine()) {
      assertThat(line).as("the child JVM ended before its store was ready").isNotNull();
    }
    long orphan = Crashes.postmasterPid(data.resolve("pg"));
    try (Connection c = connect(orphanPort(data)); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
    }

    Crashes.kill(collector);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

    try (EmbeddedStore again = EmbeddedStore.start(data)) {
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(again.postmasterPid()).isPresent().isNotEqualTo(Optional.of(orphan));
      try (Connection c = connect(again.port()); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }

  @Test
  void itsOwnerStartsItAgainOnTheSamePortAfterItIsKilled() throws Exception {
    try (EmbeddedStore store = EmbeddedStore.start(temp.resolve("restart"))) {
      try (Connection c = connect(store.port()); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE committed (v int); INSERT INTO committed SELECT generate_series(1, 1000)");
      }
      assertThat(store.restartIfStopped()).isFalse();

      Crashes.killPostgres(store.pgDirectory());
      assertThat(store.postmasterPid()).isEmpty();

      Crashes.awaitRestart(store);
      try (Connection c = connect(store.port()); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM committed")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1000);
      }
    }
  }

  private static int orphanPort(Path data) throws Exception {
    // postmaster.pid's fourth line is the port.
    return Integer.parseInt(java.nio.file.Files.readAllLines(data.resolve("pg").resolve("postmaster.pid")).get(3)
        .strip());
  }

  private static String setting(EmbeddedStore store, String name) throws SQLException {
    try (Connection c = connect(store.port()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
  }
}
