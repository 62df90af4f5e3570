package dev.tollgate.collector.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 (binaries from Maven Central, unpacked on first use) keeping its
 * data in a local folder that survives restarts. The same SQL as production: no second
 * dialect.
 *
 * <p>Durable: {@code fsync} and {@code synchronous_commit} stay on, so an event the
 * collector answered as accepted is on disk, whatever happens to the collector, the
 * database or the machine afterwards. A PostgreSQL left running by a collector that was
 * killed (its postmaster outlives the JVM) is shut down before a new one starts on the same
 * data; one that died is started again on the same port by {@link #restartIfStopped()}.
 */
public final class EmbeddedStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

  private final Path pgDirectory;
  private final int port;
  private EmbeddedPostgres postgres;

  private EmbeddedStore(Path pgDirectory, int port, EmbeddedPostgres postgres) {
    this.pgDirectory = pgDirectory;
    this.port = port;
    this.postgres = postgres;
  }

  /** Starts (creating if needed) the durable store kept under {@code dataDirectory}/pg, on any free port. */
  public static EmbeddedStore start(Path dataDirectory) {
    return start(dataDirectory, 0);
  }

  /** As {@link #start(Path)}, on {@code port} (0: any free port). */
  public static EmbeddedStore start(Path dataDirectory, int port) {
    Path pg = dataDirectory.resolve("pg");
    try {
      Files.createDirectories(dataDirectory);
      Postmaster.stopOrphan(pg);
      EmbeddedPostgres started = durable(pg, port).start();
      return new EmbeddedStore(pg, started.getPort(), started);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  /** An embedded server with throwaway data, for tests: fast rather than durable. */
  public static EmbeddedStore startEphemeral() {
    try {
      EmbeddedPostgres started = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
      return new EmbeddedStore(null, started.getPort(), started);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }

  private static EmbeddedPostgres.Builder durable(Path pg, int port) {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(pg)
        .setCleanDataDirectory(false)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("max_connections", "100");
    return port > 0 ? builder.setPort(port) : builder;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
  }

  public int port() {
    return port;
  }

  /** The data directory PostgreSQL runs on (null for an ephemeral store). */
  public Path pgDirectory() {
    return pgDirectory;
  }

  /** The running postmaster's process id, if it runs. */
  public Optional<Long> postmasterPid() {
    return pgDirectory == null ? Optional.empty() : Postmaster.read(pgDirectory).filter(Postmaster::alive)
        .map(Postmaster::pid);
  }

  /**
   * Starts PostgreSQL again, on the same port and data, if its postmaster is gone (killed,
   * crashed). PostgreSQL's own crash recovery replays the write-ahead log, so every
   * committed transaction is still there. Returns true if it restarted it.
   */
  public synchronized boolean restartIfStopped() {
    if (pgDirectory == null || postmasterPid().isPresent()) {
      return false;
    }
    LOG.warn("The embedded PostgreSQL on port {} is not running: starting it again", port);
    closeQuietly();
    try {
      postgres = durable(pgDirectory, port).start();
      LOG.warn("The embedded PostgreSQL is running again on port {}", port);
      return true;
    } catch (IOException | RuntimeException e) {
      // Backends of a killed postmaster may still hold its shared memory for a moment: the next check retries.
      LOG.warn("Could not start the embedded PostgreSQL again yet: {}", e.toString());
      return false;
    }
  }

  @Override
  public synchronized void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void closeQuietly() {
    try {
      postgres.close(); // releases the data directory's lock; stopping a dead server only logs
    } catch (IOException | RuntimeException e) {
      LOG.debug("Closing the stopped embedded PostgreSQL", e);
    }
  }
}
