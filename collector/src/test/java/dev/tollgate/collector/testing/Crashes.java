package dev.tollgate.collector.testing;

import dev.tollgate.collector.dev.EmbeddedStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Crashes processes a test started itself, as {@code kill -9} would: a PostgreSQL by its data
 * directory's {@code postmaster.pid} (never the shared server on 5432, whose data directory
 * no test knows), and a child JVM.
 */
public final class Crashes {

  private Crashes() {}

  /** The postmaster pid of the PostgreSQL running on {@code pgDirectory}. */
  public static long postmasterPid(Path pgDirectory) throws IOException {
    return Long.parseLong(Files.readAllLines(pgDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8)
        .get(0).strip());
  }

  /** SIGKILL to the postmaster of {@code pgDirectory} and every backend it started; waits until they are gone. */
  public static void killPostgres(Path pgDirectory) throws Exception {
    ProcessHandle postmaster = ProcessHandle.of(postmasterPid(pgDirectory)).orElseThrow(
        () -> new IllegalStateException("no PostgreSQL runs on " + pgDirectory));
    List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
    all.add(0, postmaster);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      p.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  /** Lets {@code store}'s owner start it again after {@link #killPostgres}, as its watchdog would; fails if it cannot. */
  public static void awaitRestart(EmbeddedStore store) throws InterruptedException {
    for (int attempt = 0; attempt < 20; attempt++) {
      if (store.restartIfStopped()) {
        return;
      }
      Thread.sleep(500); // the killed backends release the shared memory within moments
    }
    throw new AssertionError("the embedded PostgreSQL did not start again");
  }

  /** SIGKILL to a child process (not its descendants: what a crash of that process leaves behind is the point). */
  public static void kill(Process process) throws Exception {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
