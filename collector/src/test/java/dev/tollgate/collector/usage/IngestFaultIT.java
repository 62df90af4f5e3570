package dev.tollgate.collector.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.testing.CollectorProcess;
import dev.tollgate.collector.testing.Crashes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's standing fault suite. The packaged collector runs {@code dev} as a child
 * process and a client ships batches of usage events, resending each until it is
 * acknowledged, while PostgreSQL is killed ({@code kill -9}) and started again mid-ingest,
 * and then the collector itself is killed mid-batch and started again on the same data.
 * Afterwards every acknowledged event is stored exactly once, and the usage report and the
 * daily rollups equal the events.
 *
 * <p>By default the PostgreSQL is the collector's own embedded one (the collector restarts
 * it; the next {@code dev} start recovers from the one a killed collector left running). Only
 * processes this test starts are ever killed. {@code scripts/fault-against-server.sh} runs
 * the same against a PostgreSQL server of yours: {@code TOLLGATE_FAULT_DB_URL} (and
 * {@code _USER}, {@code _PASSWORD}) name a database to fill, {@code TOLLGATE_FAULT_PG_KILL}
 * and {@code TOLLGATE_FAULT_PG_START} are shell commands that kill and start that server.
 */
class IngestFaultIT {

  static final String ADMIN_KEY = "tgk_fault-it-admin-key-0123456789abcdef";
  static final int BATCHES = 60;
  static final int EVENTS_PER_BATCH = 50;
  static final Duration DEADLINE = Duration.ofMinutes(8);
  static final Pattern CLIENT_ID = Pattern.compile("Client id\\s+: (tg_[0-9a-f]+)");
  static final Pattern CLIENT_SECRET = Pattern.compile("Client secret : (tgs_\\S+)");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  @Test
  void everyAcknowledgedEventIsStoredExactlyOnceThroughKilledPostgresAndAKilledCollector() throws Exception {
    Target target = Target.fromEnvironment(temp.resolve("data"));
    int port = CollectorProcess.freePort();
    Map<String, String> env = target.collectorEnv(port, CollectorProcess.freePort());
    String run = UUID.randomUUID().toString();
    Batches batches = new Batches(run, new Random(15));
    CollectorProcess first = CollectorProcess.startDev(env, temp.resolve("first.log"));
    CollectorProcess second = null;
    try {
      String banner = first.awaitBanner();
      String clientId = find(CLIENT_ID, banner);
      Shipper shipper = new Shipper("http://localhost:" + port, token(port, clientId, find(CLIENT_SECRET, banner)),
          batches);
      Thread shipping = new Thread(shipper, "fault-it-shipper");
      shipping.start();

      shipper.awaitAcknowledged(10);
      target.killAndRestartPostgres();
      shipper.awaitAcknowledged(25);
      first.kill();
      second = CollectorProcess.startDev(env, temp.resolve("second.log"));
      second.awaitBanner();
      shipping.join(DEADLINE.toMillis());
      assertThat(shipper.acknowledged()).as("batches acknowledged; last error: %s", shipper.lastError)
          .isEqualTo(BATCHES);
      assertThat(shipper.refusalsDuringFaults.get()).as("the faults were felt").isPositive();

      try (Connection db = target.connect()) {
        assertThat(one(db, "SELECT count(*) FROM usage_events WHERE tags ->> 'run' = ?", run))
            .isEqualTo(BATCHES * EVENTS_PER_BATCH);
        assertThat(one(db, "SELECT count(DISTINCT id) FROM usage_events WHERE tags ->> 'run' = ?", run))
            .isEqualTo(BATCHES * EVENTS_PER_BATCH);
        assertThat(one(db, "SELECT coalesce(sum(prompt_tokens), 0) FROM usage_events WHERE tags ->> 'run' = ?", run))
            .isEqualTo(batches.promptTokens);
        // The rollups hold exactly the run's events: nothing double-counted by a resend.
        assertThat(one(db, "SELECT coalesce(sum(d.prompt_tokens), 0) FROM usage_daily d JOIN clients c "
            + "ON c.id = d.client_id WHERE c.client_id = ?", clientId)).isEqualTo(batches.promptTokens);
        assertThat(one(db, "SELECT coalesce(sum(d.requests), 0) FROM usage_daily d JOIN clients c "
            + "ON c.id = d.client_id WHERE c.client_id = ?", clientId)).isEqualTo(BATCHES * EVENTS_PER_BATCH);
      }
      JsonNode report = usageReport(port, clientId, batches);
      assertThat(report.get("requests").asLong()).isEqualTo(BATCHES * EVENTS_PER_BATCH);
      assertThat(report.get("prompt_tokens").asLong()).isEqualTo(batches.promptTokens);
      assertThat(report.get("completion_tokens").asLong()).isEqualTo(batches.completionTokens);
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
      target.cleanUp();
    }
  }

  /** The usage report over the run, for the demo client, in one row. */
  private static JsonNode usageReport(int port, String clientId, Batches batches) throws Exception {
    String path = "/v1/reports/usage?group_by=client&client_id=" + clientId + "&from="
        + batches.earliest.minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(3600);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + ADMIN_KEY).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode items = JSON.readTree(r.body()).get("items");
    assertThat(items).hasSize(1);
    return items.get(0);
  }

  private static String token(int port, String clientId, String secret) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/v1/auth/token")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\",\"client_id\":\""
            + clientId + "\",\"client_secret\":\"" + secret + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("access_token").asText();
  }

  private static long one(Connection db, String sql, String arg) throws Exception {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s in:%n%s", pattern, text).isTrue();
    return m.group(1);
  }

  /** The batches to ship, fixed in advance, with the totals the reports must show. */
  static final class Batches {
    final List<String> bodies = new ArrayList<>();
    final Instant earliest = Instant.now().minusSeconds(120);
    long promptTokens;
    long completionTokens;

    Batches(String run, Random random) {
      for (int b = 0; b < BATCHES; b++) {
        List<String> events = new ArrayList<>();
        for (int e = 0; e < EVENTS_PER_BATCH; e++) {
          int prompt = 1 + random.nextInt(5000);
          int completion = random.nextInt(800);
          promptTokens += prompt;
          completionTokens += completion;
          events.add("{\"id\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"" + earliest.plusMillis(random.nextInt(60_000))
              + "\",\"endpoint\":\"/v1/chat/completions\",\"model\":\"gpt-4o-mini\",\"status_code\":200,"
              + "\"latency_ms\":" + random.nextInt(3000) + ",\"tags\":{\"run\":\"" + run + "\"},\"usage\":{"
              + "\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + "}}");
        }
        bodies.add("{\"events\":[" + String.join(",", events) + "]}");
      }
    }
  }

  /** Ships each batch until it is acknowledged (200, every event accepted or a duplicate), as the SDK does. */
  static final class Shipper implements Runnable {
    final String base;
    final String token;
    final Batches batches;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicInteger refusalsDuringFaults = new AtomicInteger();
    volatile String lastError = "none";

    Shipper(String base, String token, Batches batches) {
      this.base = base;
      this.token = token;
      this.batches = batches;
    }

    @Override
    public void run() {
      Instant deadline = Instant.now().plus(DEADLINE);
      for (String body : batches.bodies) {
        while (!ship(body)) {
          refusalsDuringFaults.incrementAndGet();
          if (Instant.now().isAfter(deadline)) {
            return;
          }
          pause(250);
        }
        acknowledged.incrementAndGet();
      }
    }

    private boolean ship(String body) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/usage/events"))
            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          lastError = r.statusCode() + " " + r.body();
          assertThat(r.statusCode()).as("only an outage may refuse a valid batch: %s", r.body()).isEqualTo(503);
          return false;
        }
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.get("rejected")).as(r.body()).isEmpty();
        return answer.get("accepted").asInt() + answer.get("duplicates").asInt() == EVENTS_PER_BATCH;
      } catch (IOException e) {
        lastError = e.toString(); // the collector is down or restarting: send again
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    int acknowledged() {
      return acknowledged.get();
    }

    void awaitAcknowledged(int n) {
      Instant deadline = Instant.now().plus(DEADLINE);
      while (acknowledged.get() < n) {
        assertThat(Instant.now()).as("%d batches acknowledged in time; last error %s", n, lastError)
            .isBefore(deadline);
        pause(50);
      }
    }

    private static void pause(long millis) {
      try {
        // The client's back-off between resends; there is no clock to inject into a child process.
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Where the collector's PostgreSQL is and how this test kills it. */
  interface Target {

    Map<String, String> collectorEnv(int port, int adminPort);

    void killAndRestartPostgres() throws Exception;

    Connection connect() throws Exception;

    void cleanUp() throws Exception;

    static Target fromEnvironment(Path dataDir) {
      String url = System.getenv("TOLLGATE_FAULT_DB_URL");
      return url == null || url.isBlank() ? new Embedded(dataDir) : new Server(url, dataDir);
    }
  }

  /** The collector's own embedded PostgreSQL: killed here, restarted by the collector. */
  record Embedded(Path dataDir) implements Target {

    @Override
    public Map<String, String> collectorEnv(int port, int adminPort) {
      return Map.of("TOLLGATE_DATA_DIR", dataDir.toString(), "TOLLGATE_PORT", Integer.toString(port),
          "TOLLGATE_ADMIN_PORT", Integer.toString(adminPort), "TOLLGATE_BOOTSTRAP_ADMIN_KEY", ADMIN_KEY);
    }

    @Override
    public void killAndRestartPostgres() throws Exception {
      Crashes.killPostgres(dataDir.resolve("pg"));
    }

    @Override
    public Connection connect() throws Exception {
      List<String> pid = Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid"), StandardCharsets.UTF_8);
      return DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres",
          "postgres", "");
    }

    @Override
    public void cleanUp() throws Exception {
      // A failure between the kill and the second start leaves the first collector's PostgreSQL behind.
      Path pg = dataDir.resolve("pg");
      if (Files.exists(pg.resolve("postmaster.pid"))) {
        long pid = Crashes.postmasterPid(pg);
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          Crashes.killPostgres(pg);
        }
      }
    }
  }

  /** A PostgreSQL server of the operator's ({@code scripts/fault-against-server.sh}), killed and started by their commands. */
  record Server(String url, Path dataDir) implements Target {

    @Override
    public Map<String, String> collectorEnv(int port, int adminPort) {
      Map<String, String> env = new HashMap<>(new Embedded(dataDir).collectorEnv(port, adminPort));
      env.put("TOLLGATE_DB_URL", url);
      env.put("TOLLGATE_DB_USER", getenv("TOLLGATE_FAULT_DB_USER", "postgres"));
      env.put("TOLLGATE_DB_PASSWORD", getenv("TOLLGATE_FAULT_DB_PASSWORD", ""));
      return env;
    }

    @Override
    public void killAndRestartPostgres() throws Exception {
      shell(System.getenv("TOLLGATE_FAULT_PG_KILL"));
      shell(System.getenv("TOLLGATE_FAULT_PG_START"));
    }

    @Override
    public Connection connect() throws Exception {
      return DriverManager.getConnection(url, getenv("TOLLGATE_FAULT_DB_USER", "postgres"),
          getenv("TOLLGATE_FAULT_DB_PASSWORD", ""));
    }

    @Override
    public void cleanUp() {
      // The server is the operator's.
    }

    private static void shell(String command) throws Exception {
      assertThat(command).as("TOLLGATE_FAULT_PG_KILL and TOLLGATE_FAULT_PG_START must be set").isNotBlank();
      Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(command).isZero();
    }

    private static String getenv(String name, String fallback) {
      String value = System.getenv(name);
      return value == null ? fallback : value;
    }
  }
}
