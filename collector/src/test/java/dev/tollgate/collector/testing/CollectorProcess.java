package dev.tollgate.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged collector jar running {@code dev} or {@code server} as a child process, its
 * output in a log file. Closing stops it (SIGTERM: its shutdown hook stops the embedded PostgreSQL);
 * {@link #kill()} is a crash instead (SIGKILL to the JVM alone, so its PostgreSQL, which
 * {@code pg_ctl} started outside the JVM's process tree, is left running).
 */
public record CollectorProcess(Process process, Path log) implements AutoCloseable {

  public static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  /**
   * The JVM settings docs/operations.md ("Memory") gives for a production collector, under
   * which its resident set stays under 512 MiB: a fixed 256 MiB heap, bounded metaspace, code
   * cache and direct buffers, small thread stacks, and the serial collector (the smallest
   * footprint; on two cores a concurrent collector only competes with the request threads).
   */
  public static final List<String> PRODUCTION_JVM_OPTIONS = List.of(
      "-Xms256m", "-Xmx256m", "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=64m",
      "-XX:MaxDirectMemorySize=64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:MaxNodeLimit=40000");

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

  /**
   * Starts {@code java <jvmOptions> -Xlog:gc:file=<gcLog> -jar <jar> server <config>} with only
   * the given {@code TOLLGATE_*} variables (the configuration reads everything from them).
   * Wait for it with {@link #awaitPing(int)}; measure it with {@link ProcessWatch}.
   */
  public static CollectorProcess startServer(Path jar, Path config, List<String> jvmOptions,
      Map<String, String> tollgateEnv, Path log, Path gcLog) throws IOException {
    assertThat(jar).exists();
    assertThat(config).exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    // -Dbench.collectorJvmOptions="...": more options for a benchmark's collectors (a profiler agent, say).
    String extra = System.getProperty("bench.collectorJvmOptions", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.add("-Xlog:gc:file=" + gcLog);
    command.addAll(List.of("-jar", jar.toString(), "server", config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("TOLLGATE_") || name.equals("OPENAI_API_KEY"));
    env.putAll(tollgateEnv);
    return new CollectorProcess(builder.start(), log);
  }

  /**
   * The shaded collector jar in {@code collector/target} (run from the repository root or
   * from {@code collector/}), or the one system property {@code tollgate.collector.jar} names.
   */
  public static Path packagedJar() throws IOException {
    String named = System.getProperty("tollgate.collector.jar");
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    for (Path target : List.of(Path.of("collector", "target"), Path.of("target"))) {
      if (Files.isDirectory(target)) {
        try (Stream<Path> files = Files.list(target)) {
          Optional<Path> jar = files
              .filter(file -> file.getFileName().toString().matches("tollgate-collector-.*\\.jar"))
              .filter(file -> !file.getFileName().toString().endsWith("-tests.jar"))
              .findFirst();
          if (jar.isPresent()) {
            return jar.get();
          }
        }
      }
    }
    throw new IllegalStateException(
        "no collector jar: run ./mvnw -B -pl collector -am package -DskipTests first");
  }

  /** Waits until the admin port answers {@code /ping}, failing early if the process dies. */
  public void awaitPing(int adminPort) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ping"))
        .timeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      if (!process.isAlive()) {
        throw new AssertionError("collector exited with " + process.exitValue() + ":\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      // Polling a child process: there is no clock to inject here.
      Thread.sleep(250);
    }
    throw new AssertionError("no /ping within " + START_TIMEOUT + ":\n" + Files.readString(log));
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
