package dev.tollgate.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.TollgateBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every client governed by Tollgate must show (integrations.md, "One conformance suite"),
 * written once: a module adds its client by extending this class and implementing
 * {@link #client(Tollgate, Application)}. Each scenario runs against a real collector in dev mode
 * (a child process started from {@code -Dtollgate.collector.jar}), its simulated provider behind a
 * recording relay, and a team of its own; name the subclass {@code *IT} (it starts servers).
 */
public abstract class ConformanceSuite {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "gpt-4o-mini";
  private static final String APPLICATION_KEY = "sk-application-configured-this-key";

  private final Harness harness = Harness.get();
  private final SecretWatch watch = new SecretWatch();
  private final List<ClientUnderTest> clients = new ArrayList<>();

  /**
   * The client under test, making its calls through {@code tollgate}, set up as {@code application}
   * says where the client allows (its provider key, its OkHttp client, its read timeout).
   */
  protected abstract ClientUnderTest client(Tollgate tollgate, Application application) throws Exception;

  @AfterEach
  void cleanUp() throws Exception {
    for (ClientUnderTest c : clients) {
      c.close();
    }
    watch.stop();
    harness.cleanUp();
  }

  private Application application(Duration readTimeout) {
    return new Application(APPLICATION_KEY, watch.applicationClient().newBuilder().readTimeout(readTimeout).build(),
        readTimeout);
  }

  /** A client of {@code team}, on a {@code Tollgate} built with {@code customize}. */
  private Governed governed(Harness.Team team, Duration readTimeout, Path spool, Consumer<TollgateBuilder> customize)
      throws Exception {
    Application app = application(readTimeout);
    Tollgate tollgate = harness.tollgate(team, app, spool, customize);
    ClientUnderTest client = client(tollgate, app);
    clients.add(client);
    return new Governed(tollgate, client);
  }

  private Governed governed(Harness.Team team) throws Exception {
    return governed(team, Duration.ofSeconds(30), null, b -> { });
  }

  private record Governed(Tollgate tollgate, ClientUnderTest client) {}

  private static ClientUnderTest.Call call(String trace) {
    return new ClientUnderTest.Call(MODEL, "Summarise the quarter for " + trace + " in two sentences.", 200,
        trace, "user-" + trace, Map.of("scenario", "conformance", "step", trace));
  }

  /** 1. A plain, a streamed, a tool-call round trip, a structured output and an embedding: each metered once, to the token. */
  @Test
  void everyKindOfCallIsMeteredOnceToTheTokenOnEveryElement() throws Exception {
    Harness.Team team = harness.team(List.of());
    Governed g = governed(team);

    String text = g.client().chat(call("chat"));
    String streamed = g.client().chatStream(call("stream"));
    ClientUnderTest.ToolRoundTrip tool = g.client().toolRoundTrip(call("tool"));
    JsonNode invoice = JSON.readTree(g.client().structured(call("json")));
    int vectors = g.client().embed(new ClientUnderTest.Call("text-embedding-3-small", "embed", 0, "embed",
        "user-embed", Map.of("scenario", "conformance")), List.of("first text", "second text"));
    g.tollgate().close();

    assertThat(text).isNotBlank();
    assertThat(streamed).isNotBlank();
    assertThat(tool.toolName()).isEqualTo("get_weather");
    assertThat(JSON.readTree(tool.arguments()).path("city").isTextual()).isTrue();
    assertThat(tool.answer()).isNotBlank();
    assertThat(invoice.path("customer").isTextual()).isTrue();
    assertThat(invoice.path("total").isNumber()).isTrue();
    assertThat(invoice.path("paid").isBoolean()).isTrue();
    assertThat(vectors).isEqualTo(2);

    List<RecordingUpstream.Exchange> sent = harness.upstream.exchanges(team.route());
    assertThat(sent).hasSize(6);
    assertThat(JSON.readTree(sent.get(2).body).path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("get_weather");
    assertThat(JSON.readTree(sent.get(3).body).path("messages").toString()).contains("\"tool\"");
    List<Metered> reported = Metered.reportedBy(sent);
    assertThat(reported).doesNotContainNull();
    List<JsonNode> events = awaitEvents(team, 6);
    assertThat(events).hasSize(6);
    assertThat(events).extracting(Metered::recordedIn).containsExactlyInAnyOrderElementsOf(reported);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.path("estimated").asBoolean()).isFalse();
      assertThat(e.path("status_code").asInt()).isEqualTo(200);
      assertThat(e.path("end_user").asText()).isEqualTo("user-" + e.path("trace_id").asText());
      assertThat(e.path("tags").path("scenario").asText()).isEqualTo("conformance");
    });
    assertThat(events.stream().collect(Collectors.groupingBy(e -> e.path("trace_id").asText(), Collectors.counting())))
        .isEqualTo(Map.of("chat", 1L, "stream", 1L, "tool", 2L, "json", 1L, "embed", 1L));
    assertThat(events).filteredOn(e -> e.path("trace_id").asText().equals("stream"))
        .singleElement().satisfies(e -> assertThat(e.path("streamed").asBoolean()).isTrue());
  }

  /** 2. A hard quota refuses before any upstream request. */
  @Test
  void aHardQuotaRefusesBeforeAnyUpstreamRequest() throws Exception {
    Harness.Team team = harness.team(List.of(Map.of("unit", "requests", "period", "day", "limit", 1,
        "enforcement", "hard")));
    Governed g = governed(team);
    g.client().chat(call("allowed"));
    assertThat(harness.upstream.exchanges(team.route())).hasSize(1);

    assertRefused(() -> g.client().chat(call("refused")));

    assertThat(harness.upstream.exchanges(team.route())).as("no upstream request for the refused call").hasSize(1);
  }

  private static void assertRefused(ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).satisfies(t -> {
      Set<Throwable> chain = new HashSet<>();
      for (Throwable c = t; c != null && chain.add(c); c = c.getCause()) {
        for (Throwable s : c.getSuppressed()) {
          chain.add(s);
        }
      }
      assertThat(chain).as("a QuotaExceededException among the causes of %s", t)
          .anyMatch(c -> c instanceof QuotaExceededException q && "quota_exceeded".equals(q.reason()));
    });
  }

  /** 3. The application configures no provider key; the upstream sees the leased one, never the application's. */
  @Test
  void theProviderSeesTheLeasedKeyAndNeverTheApplications() throws Exception {
    Harness.Team team = harness.team(List.of());
    Governed g = governed(team);

    g.client().chat(call("key"));
    g.client().chatStream(call("key-stream"));

    assertThat(harness.upstream.exchanges(team.route())).hasSize(2).allSatisfy(x -> {
      assertThat(x.header("authorization")).isEqualTo("Bearer " + team.providerKey());
      assertThat(x.headers.toString()).doesNotContain(APPLICATION_KEY).doesNotContainIgnoringCase("tollgate-");
    });
  }

  /** 4. close() with calls in flight waits for them and their events are recorded. */
  @Test
  void closeWaitsForTheCallsInFlightAndRecordsThem() throws Exception {
    Harness.Team team = harness.team(List.of());
    harness.upstream.behave(team.route(), Map.of("x-mock-delay-ms", "1500"));
    Governed g = governed(team);
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String trace = "in-flight-" + i;
      calls.add(CompletableFuture.supplyAsync(() -> {
        try {
          return g.client().chat(call(trace));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    assertThat(harness.upstream.awaitRequests(team.route(), 3, Duration.ofSeconds(30))).isTrue();

    g.tollgate().close();

    for (CompletableFuture<String> c : calls) {
      assertThat(c.get(30, TimeUnit.SECONDS)).isNotBlank();
    }
    List<JsonNode> events = awaitEvents(team, 3);
    assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e.path("estimated").asBoolean()).isFalse());
  }

  /** 5. Cancelling a stream or an async call aborts the HTTP exchange within a second; metered estimated. */
  @Test
  void cancellingAStreamOrAnAsyncCallAbortsTheExchangeWithinASecond() throws Exception {
    Harness.Team team = harness.team(List.of());
    Governed g = governed(team);

    harness.upstream.behave(team.route(), Map.of("x-mock-chunk-delay-ms", "200"));
    ClientUnderTest.Running stream = g.client().streamUntilFirstChunk(call("cancelled-stream"));
    stream.cancel();
    assertThat(harness.upstream.exchanges(team.route()).get(0).awaitAbort(Duration.ofSeconds(1)))
        .as("the provider saw the stream's connection closed within a second").isTrue();

    harness.upstream.behave(team.route(), Map.of("x-mock-delay-ms", "10000"));
    ClientUnderTest.Running async = g.client().chatAsync(call("cancelled-call"));
    assertThat(harness.upstream.awaitRequests(team.route(), 2, Duration.ofSeconds(30))).isTrue();
    async.cancel();
    assertThat(harness.upstream.exchanges(team.route()).get(1).awaitAbort(Duration.ofSeconds(1)))
        .as("the provider saw the call's connection closed within a second").isTrue();

    g.tollgate().close();
    List<JsonNode> events = awaitEvents(team, 2);
    assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.path("estimated").asBoolean()).isTrue());
  }

  /** 6a. Collector down, then back before close(): close() sends what was spooled. */
  @Test
  void closeSendsWhatWasSpooledWhileTheCollectorWasDown() throws Exception {
    Harness.Team team = harness.team(List.of());
    Governed g = governed(team);
    g.client().chat(call("before-outage"));

    harness.link.down();
    for (int i = 0; i < 4; i++) {
      g.client().chat(call("during-outage-" + i));
    }
    harness.link.up();
    g.tollgate().close();

    assertThat(awaitEvents(team, 5)).hasSize(5);
  }

  /** 6b. Collector down through close(): the spool keeps the usage and the next start replays it. */
  @Test
  void theNextStartReplaysWhatCloseSpooledWhileTheCollectorWasDown() throws Exception {
    Harness.Team team = harness.team(List.of());
    Path spool = Harness.tempDir();
    Governed first = governed(team, Duration.ofSeconds(30), spool, b -> { });
    first.client().chat(call("before-outage"));
    harness.link.down();
    for (int i = 0; i < 3; i++) {
      first.client().chat(call("during-outage-" + i));
    }
    first.tollgate().close();
    harness.link.up();

    governed(team, Duration.ofSeconds(30), spool, b -> { });

    assertThat(awaitEvents(team, 4)).hasSize(4);
  }

  /** 7. A read timeout: metered with estimated usage, not retried unless the application allows it. */
  @Test
  void aTimedOutGenerationIsMeteredEstimatedAndNotRetriedUnlessAllowed() throws Exception {
    Harness.Team team = harness.team(List.of());
    harness.upstream.behave(team.route(), Map.of("x-mock-delay-ms", "4000"));
    Governed g = governed(team, Duration.ofSeconds(1), null, b -> { });

    assertThatThrownBy(() -> g.client().chat(call("timed-out")));
    assertThat(harness.upstream.exchanges(team.route())).as("not retried").hasSize(1);
    g.tollgate().close();
    assertThat(awaitEvents(team, 1)).singleElement().satisfies(e -> {
      assertThat(e.path("estimated").asBoolean()).isTrue();
      assertThat(e.path("status_code").asInt()).isZero();
    });

    Harness.Team allowing = harness.team(List.of());
    harness.upstream.behave(allowing.route(), Map.of("x-mock-delay-ms", "4000"));
    Governed retrying = governed(allowing, Duration.ofSeconds(1), null,
        b -> b.retryTimedOutGenerations(true).maxRetries(1).initialBackoff(Duration.ofMillis(10)));
    assertThatThrownBy(() -> retrying.client().chat(call("retried")));
    assertThat(harness.upstream.exchanges(allowing.route())).as("retried once, as allowed").hasSize(2);
  }

  /** 8. No client secret, access token or provider key reaches the application's interceptors, listeners or logs. */
  @Test
  void noSecretReachesTheApplicationsInterceptorsListenersOrLogs() throws Exception {
    Harness.Team team = harness.team(List.of());
    watch.watchLogs();
    Governed g = governed(team);

    g.client().chat(call("secret"));
    g.client().chatStream(call("secret-stream"));
    g.client().embed(new ClientUnderTest.Call("text-embedding-3-small", "embed", 0, "e", "u", Map.of()), List.of("x"));
    g.tollgate().close();

    List<String> secrets = new ArrayList<>(harness.link.accessTokens());
    assertThat(secrets).as("access tokens were issued").isNotEmpty();
    secrets.add(team.client().clientSecret());
    secrets.add(team.providerKey());
    assertThat(watch.logLineCount()).as("the logs were captured").isPositive();
    for (String secret : secrets) {
      assertThat(watch.shownToTheApplication()).doesNotContain(secret);
      assertThat(watch.logLines()).doesNotContain(secret);
    }
  }

  /** 9. A provider key of kind Azure OpenAI works end to end: api-key header, deployment path, api-version. */
  @Test
  void anAzureOpenAiKeyWorksEndToEnd() throws Exception {
    Harness.Team team = harness.azureTeam("2024-10-21", Map.of(MODEL, "chat-deploy"));
    Governed g = governed(team);

    assertThat(g.client().chat(call("azure"))).isNotBlank();
    assertThat(g.client().chatStream(call("azure-stream"))).isNotBlank();
    g.tollgate().close();

    List<RecordingUpstream.Exchange> sent = harness.upstream.exchanges(team.route());
    assertThat(sent).hasSize(2).allSatisfy(x -> {
      assertThat(x.path).isEqualTo("/azure/openai/deployments/chat-deploy/chat/completions");
      assertThat(x.query).isEqualTo("api-version=2024-10-21");
      assertThat(x.header("api-key")).isEqualTo(team.providerKey());
      assertThat(x.header("authorization")).isNull();
      assertThat(x.status).isEqualTo(200);
    });
    assertThat(awaitEvents(team, 2)).extracting(Metered::recordedIn)
        .containsExactlyInAnyOrderElementsOf(Metered.reportedBy(sent));
  }

  /** The team's events once there are {@code n} (the collector stores a batch when it answers; replay takes a moment). */
  private List<JsonNode> awaitEvents(Harness.Team team, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<JsonNode> events = harness.admin.transactions(team.client().teamId());
    while (events.size() < n && System.nanoTime() < deadline) {
      Harness.pause(Duration.ofMillis(200));
      events = harness.admin.transactions(team.client().teamId());
    }
    return events;
  }
}
