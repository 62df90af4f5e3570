package dev.tollgate.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged collector jar running {@code dev} as a child process, its output in a log
 * file. Closing stops it (SIGTERM: its shutdown hook stops the embedded PostgreSQL);
 * {@link #kill()} is a crash instead (SIGKILL to the JVM alone, so its PostgreSQL, which
 * {@code pg_ctl} started outside the JVM's process tree, is left running).
 */
public record CollectorProcess(Process process, Path log) implements AutoCloseable {

  public static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  /** Starts {@code java -jar <collector jar> dev} with only the given {@code TOLLGATE_*} variables. */
  public static CollectorProcess startDev(Map<String, String> tollgateEnv, Path log) throws IOException {
    String jar = System.getProperty("tollgate.collector.jar");
    assertThat(jar).as("system property tollgate.collector.jar (set by failsafe)").isNotBlank();
    assertThat(Path.of(jar)).exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar, "dev")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("TOLLGATE_") || name.equals("OPENAI_API_KEY"));
    env.putAll(tollgateEnv);
    return new CollectorProcess(builder.start(), log);
  }

  /** Waits for the printed block (from the last start logged), failing early if the process dies. */
  public String awaitBanner() throws Exception {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      String out = Files.readString(log, StandardCharsets.UTF_8);
      int at = out.lastIndexOf("Collector URL");
      if (at >= 0 && out.indexOf("Keys are kept in", at) > 0) {
        return out.substring(at);
      }
      if (!process.isAlive()) {
        throw new AssertionError("collector exited with " + process.exitValue() + ":\n" + out);
      }
      // Polling a child process's output: there is no clock to inject here.
      Thread.sleep(250);
    }
    throw new AssertionError("no banner within " + START_TIMEOUT + ":\n" + Files.readString(log));
  }

  /** A crash: SIGKILL to the collector's JVM only. */
  public void kill() throws Exception {
    Crashes.kill(process);
  }

  @Override
  public void close() throws Exception {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
