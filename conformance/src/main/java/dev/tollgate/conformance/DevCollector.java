package dev.tollgate.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The collector in {@code dev} mode (its simulated upstream included), started once per JVM as a
 * child process from the jar the system property {@code tollgate.collector.jar} names, with its
 * own throwaway data folder and embedded PostgreSQL. A separate process on purpose: the suite
 * shares no classpath with the collector, so a module built on another framework (Spring Boot's
 * Jersey, Jackson) can run it as well.
 */
final class DevCollector {

  /** The system property naming the collector's shaded jar. */
  static final String JAR_PROPERTY = "tollgate.collector.jar";
  /** The bootstrap admin key this process is started with. */
  static final String ADMIN_KEY = "tgk_conformance-suite-admin-key-0123456789";

  private static DevCollector instance;

  private final Process process;
  private final Path dataDir;
  private final String url;

  private DevCollector(Process process, Path dataDir, String url) {
    this.process = process;
    this.dataDir = dataDir;
    this.url = url;
  }

  /** The one collector of this JVM, started on first use and stopped when the JVM exits. */
  static synchronized DevCollector get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "tollgate-conformance-collector-stop"));
    }
    return instance;
  }

  /** The collector's application URL, e.g. {@code http://127.0.0.1:43123}. */
  String url() {
    return url;
  }

  private static DevCollector start() {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("Set -D" + JAR_PROPERTY + " to the collector's built jar (collector/target/"
          + "tollgate-collector-<version>.jar); got " + jar);
    }
    try {
      Path dataDir = Files.createTempDirectory("tollgate-conformance-");
      int port = freePort();
      int adminPort = freePort();
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx384m", "-Ddw.clientSecretHashIterations=1000",
          // Minted keys: a replaced key is deleted two seconds after a rotation, looked for every second.
          "-Ddw.minting.overlap=2 seconds", "-Ddw.minting.pollInterval=1 second", "-jar", jar, "dev")
          .redirectErrorStream(true)
          .redirectOutput(dataDir.resolve("collector.log").toFile());
      builder.environment().remove("TOLLGATE_DB_URL");
      builder.environment().put("TOLLGATE_DATA_DIR", dataDir.resolve("data").toString());
      builder.environment().put("TOLLGATE_PORT", String.valueOf(port));
      builder.environment().put("TOLLGATE_ADMIN_PORT", String.valueOf(adminPort));
      builder.environment().put("TOLLGATE_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
      builder.environment().put("TOLLGATE_MOCK_LATENCY", "off");
      DevCollector c = new DevCollector(builder.start(), dataDir, "http://127.0.0.1:" + port);
      c.awaitHealthy(adminPort, Duration.ofSeconds(120));
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the collector", e);
    }
  }

  private void awaitHealthy(int adminPort, Duration timeout) {
    OkHttpClient http = new OkHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The collector exited with " + process.exitValue() + "; see "
            + dataDir.resolve("collector.log"));
      }
      try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + adminPort + "/healthcheck")
          .build()).execute()) {
        if (r.code() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Harness.pause(Duration.ofMillis(250));
    }
    stop();
    throw new IllegalStateException("The collector was not healthy within " + timeout + "; see "
        + dataDir.resolve("collector.log"));
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> paths = Files.walk(dataDir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("Could not remove " + dataDir + ": " + e.getMessage());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
