package dev.tollgate.examples.officeday;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A collector in {@code dev} mode, started from the built jar as a child process with its own
 * throwaway data folder, and stopped (data removed) on {@link #close()}.
 */
final class DevCollector implements AutoCloseable {

  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final String url;
  private final String adminKey;

  private DevCollector(Process process, Path dataDir, Path log, String url, String adminKey) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
    this.url = url;
    this.adminKey = adminKey;
  }

  static DevCollector start(Path jar, Map<String, String> extraEnv) {
    try {
      Path dataDir = Files.createTempDirectory("tollgate-demo-");
      Path log = dataDir.resolve("collector.log");
      int port = freePort(8080);
      int adminPort = freePort(port == 8080 ? 8081 : 0);
      String adminKey = "tgk_demo_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "dev")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().remove("TOLLGATE_DB_URL");
      builder.environment().put("TOLLGATE_DATA_DIR", dataDir.resolve("data").toString());
      builder.environment().put("TOLLGATE_PORT", String.valueOf(port));
      builder.environment().put("TOLLGATE_ADMIN_PORT", String.valueOf(adminPort));
      builder.environment().put("TOLLGATE_BOOTSTRAP_ADMIN_KEY", adminKey);
      builder.environment().putAll(extraEnv);
      DevCollector collector = new DevCollector(builder.start(), dataDir, log,
          "http://localhost:" + port, adminKey);
      collector.awaitHealthy(adminPort, Duration.ofSeconds(90));
      return collector;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the collector", e);
    }
  }

  String url() {
    return url;
  }

  String adminKey() {
    return adminKey;
  }

  Path log() {
    return log;
  }

  private void awaitHealthy(int adminPort, Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The collector exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + adminPort + "/healthcheck")).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the collector", e);
      }
      sleep(250);
    }
    close();
    throw new IllegalStateException("The collector did not become healthy within " + timeout + "; see " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteRecursively(dataDir);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("Could not remove " + dir + ": " + e.getMessage());
    }
  }

  private static int freePort(int preferred) throws IOException {
    if (preferred > 0) {
      try (ServerSocket socket = new ServerSocket(preferred)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // fall through to any free port
      }
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
