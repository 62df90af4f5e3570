package dev.tollgate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key minted per team, rotated while the team's application is busy: the SDK, the dev collector
 * (a replaced key is deleted two seconds after a rotation, see {@link DevCollector}) and its
 * simulated provider, which answers 401 to a deleted key. Every call succeeds, each is metered
 * once as a success, no data call carries the organisation's admin key, and the provider saw the
 * team's calls move from the first minted key to its successor.
 */
class MintedKeyRotationIT {

  private static final int CALLERS = 4;

  private final Harness harness = Harness.get();

  @AfterEach
  void cleanUp() {
    harness.cleanUp();
  }

  @Test
  void callsInFlightDuringARotationSucceedAndAreEachMeteredOnce() throws Exception {
    Harness.Team team = harness.mintingTeam();
    Application app = new Application("sk-unused", new OkHttpClient(), Duration.ofSeconds(30));
    Tollgate tollgate = harness.tollgate(team, app, null, b -> { });
    String providerKeyId = harness.admin.get("/v1/admin/teams/" + team.client().teamId(), Map.of())
        .path("provider_key_id").asText();

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger calls = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      running.add(callers.submit(() -> {
        while (!stop.get()) {
          String trace = "call-" + calls.incrementAndGet();
          try {
            tollgate.chat().create(ChatCompletionRequest.builder().model("gpt-4o-mini").maxTokens(20)
                .addUserMessage("Say hello to " + trace).build(), RequestOptions.builder().traceId(trace).build());
          } catch (RuntimeException e) {
            failures.add(e);
          }
          Harness.pause(Duration.ofMillis(100)); // a busy application, not a load test: every event stays on one report page
        }
      }));
    }
    try {
      awaitCalls(calls, 20);
      JsonNode rotated = harness.admin.post("/v1/admin/provider-keys/" + providerKeyId + "/rotate", Map.of());
      assertThat(rotated.path("rotating").asInt()).isEqualTo(1);
      // The successor is minted within a poll; the replaced key is deleted two seconds later.
      awaitDataKeys(team, providerKeyId, 2, Duration.ofSeconds(20));
      Harness.pause(Duration.ofSeconds(4));
    } finally {
      stop.set(true);
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
      callers.shutdownNow();
    }
    tollgate.close();

    assertThat(failures).as("calls that failed across the rotation").isEmpty();
    int made = calls.get();
    List<JsonNode> ok = awaitSuccesses(team, made);
    assertThat(ok.stream().map(e -> e.path("trace_id").asText()).collect(Collectors.toSet()))
        .as("each call metered once as a success").hasSize(made);
    assertThat(ok).hasSize(made);
    List<String> dataKeys = dataCallKeys(team);
    assertThat(dataKeys).doesNotContain("Bearer " + team.providerKey());
    assertThat(Set.copyOf(dataKeys)).as("the minted key, then its successor").hasSize(2);
  }

  private static void awaitCalls(AtomicInteger calls, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (calls.get() < n && System.nanoTime() < deadline) {
      Harness.pause(Duration.ofMillis(50));
    }
    assertThat(calls.get()).as("calls made before the rotation").isGreaterThanOrEqualTo(n);
  }

  /** The Authorization headers of the team's chat calls as the provider received them, in order. */
  private List<String> dataCallKeys(Harness.Team team) {
    return harness.upstream.exchanges(team.route()).stream()
        .filter(x -> x.path.endsWith("/chat/completions"))
        .map(x -> x.header("authorization"))
        .toList();
  }

  private void awaitDataKeys(Harness.Team team, String providerKeyId, int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Set.copyOf(dataCallKeys(team)).size() < n && System.nanoTime() < deadline) {
      Harness.pause(Duration.ofMillis(100));
    }
    assertThat(Set.copyOf(dataCallKeys(team))).as("data calls on the successor key; minted keys: %s",
        harness.admin.get("/v1/admin/provider-keys/" + providerKeyId + "/minted-keys", Map.of())).hasSize(n);
  }

  /** The team's successful events, once at least {@code n} have arrived (or after 30 s). */
  private List<JsonNode> awaitSuccesses(Harness.Team team, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, JsonNode> ok = new ConcurrentHashMap<>();
    do {
      ok.clear();
      harness.admin.transactions(team.client().teamId()).stream()
          .filter(e -> e.path("status_code").asInt() == 200)
          .forEach(e -> ok.put(e.path("id").asText(), e));
      if (ok.size() >= n) {
        break;
      }
      Harness.pause(Duration.ofMillis(200));
    } while (System.nanoTime() < deadline);
    return List.copyOf(ok.values());
  }
}
