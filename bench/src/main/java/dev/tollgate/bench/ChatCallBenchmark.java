package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.chat.ChatCompletion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One non-streaming chat completion against a local mock upstream ({@link MockUpstream}, a
 * minimal socket server answering with {@code fixtures/openai/chat-completion.json}), made
 * four ways:
 *
 * <ul>
 *   <li>{@link #tollgateSdk}: through {@link Tollgate} with warm credentials and a warm quota
 *       lease from a local mock collector, so the call admits locally, sends, parses into the
 *       SDK's records, corrects the lease and hands a usage event to the shipper (which ships it
 *       to the mock collector in the background, in this JVM);
 *   <li>{@link #plainOkHttp}: the same POST with OkHttp (same version, default client), the
 *       request written by Jackson from a prebuilt map, the answer read by Jackson into a
 *       {@link JsonNode} tree;
 *   <li>{@link #okHttpInterceptor}: the same hand-written OkHttp call through an OkHttp client
 *       with {@link Tollgate#okHttpInterceptor()} added (the engine an adapter uses);
 *   <li>{@link #openAiJava}: the official OpenAI Java SDK ({@code com.openai:openai-java}, its
 *       OkHttp client, which here runs on the same OkHttp 5) with its own typed request.
 * </ul>
 *
 * <p>Each variant reads the answer's text and prompt tokens, as a caller would. Each variant
 * has its own mock servers and client, built once per trial. Single caller thread.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class ChatCallBenchmark {

  /** A Tollgate client with credentials and a quota lease already fetched. */
  @State(Scope.Benchmark)
  public static class TollgateSdk {
    MockUpstream upstream;
    MockCollector collector;
    Path spool;
    Tollgate client;
    long leasesAtStart;

    @Setup(Level.Trial)
    public void start() throws IOException {
      upstream = MockUpstream.start();
      collector = MockCollector.start(upstream.baseUrl());
      spool = Files.createTempDirectory("tollgate-bench-spool");
      client = Tollgate.builder()
          .collectorUrl(collector.url())
          .clientId("tg_bench")
          .clientSecret("bench-secret")
          .spoolDirectory(spool)
          .shutdownHook(false)
          .build();
      // Fetches credentials and the lease, and waits for the tokenizer vocabulary.
      client.chat().create(ChatFixture.TOLLGATE);
      leasesAtStart = collector.leaseCalls();
    }

    @TearDown(Level.Trial)
    public void stop() {
      long leases = collector.leaseCalls() - leasesAtStart;
      long tokens = collector.tokenCalls();
      client.close();
      long calls = upstream.chatCalls();
      long events = collector.usageEvents();
      System.out.printf("%n[tollgateSdk] upstream calls %d, usage events received by the collector %d, "
          + "lease renewals during measurement %d, token fetches %d%n", calls, events, leases, tokens);
      if (leases != 0 || tokens != 1) {
        System.out.println("WARNING: the collector was called during measurement; the lease or token was not warm");
      }
      collector.close();
      upstream.close();
      deleteRecursively(spool);
    }
  }

  /** OkHttp with a default client, as a hand-written OpenAI call would use it. */
  @State(Scope.Benchmark)
  public static class PlainOkHttp {
    static final MediaType JSON = MediaType.get("application/json");
    MockUpstream upstream;
    OkHttpClient http;
    HttpUrl url;

    @Setup(Level.Trial)
    public void start() {
      upstream = MockUpstream.start();
      http = new OkHttpClient();
      url = HttpUrl.get(upstream.baseUrl() + "/chat/completions");
    }

    @TearDown(Level.Trial)
    public void stop() {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      upstream.close();
    }
  }

  /**
   * The plain-OkHttp call made by an application that added {@link Tollgate#okHttpInterceptor()}
   * to its OkHttp client: the same request, sent to OpenAI's public URL with no key (the
   * interceptor replaces both with the leased ones), on a warm {@code Tollgate}.
   */
  @State(Scope.Benchmark)
  public static class Intercepted {
    final TollgateSdk tollgate = new TollgateSdk();
    OkHttpClient http;
    HttpUrl url;

    @Setup(Level.Trial)
    public void start() throws IOException {
      tollgate.start();
      http = new OkHttpClient.Builder().addInterceptor(tollgate.client.okHttpInterceptor()).build();
      url = HttpUrl.get("https://api.openai.com/v1/chat/completions");
    }

    @TearDown(Level.Trial)
    public void stop() {
      http.dispatcher().executorService().shutdown();
      tollgate.stop();
    }
  }

  /** The official OpenAI Java SDK pointed at the mock. */
  @State(Scope.Benchmark)
  public static class OpenAiJava {
    MockUpstream upstream;
    OpenAIClient client;

    @Setup(Level.Trial)
    public void start() {
      upstream = MockUpstream.start();
      client = OpenAIOkHttpClient.builder()
          .baseUrl(upstream.baseUrl())
          .apiKey("sk-bench")
          .build();
    }

    @TearDown(Level.Trial)
    public void stop() {
      client.close();
      upstream.close();
    }
  }

  @Benchmark
  public void tollgateSdk(TollgateSdk s, Blackhole bh) {
    ChatCompletion c = s.client.chat().create(ChatFixture.TOLLGATE);
    bh.consume(c.firstText().orElseThrow());
    bh.consume(c.usage().promptTokens());
  }

  @Benchmark
  public void plainOkHttp(PlainOkHttp s, Blackhole bh) throws IOException {
    post(s.http, new Request.Builder().url(s.url).header("Authorization", "Bearer sk-bench"), bh);
  }

  @Benchmark
  public void okHttpInterceptor(Intercepted s, Blackhole bh) throws IOException {
    post(s.http, new Request.Builder().url(s.url), bh);
  }

  /** The hand-written call: the fixture's map written by Jackson, the answer read as a tree. */
  private static void post(OkHttpClient http, Request.Builder builder, Blackhole bh) throws IOException {
    Request request = builder
        .post(RequestBody.create(ChatFixture.MAPPER.writeValueAsBytes(ChatFixture.MAP), PlainOkHttp.JSON))
        .build();
    try (Response response = http.newCall(request).execute(); InputStream in = response.body().byteStream()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      JsonNode tree = ChatFixture.MAPPER.readTree(in);
      bh.consume(tree.path("choices").path(0).path("message").path("content").asText());
      bh.consume(tree.path("usage").path("prompt_tokens").asLong());
    }
  }

  @Benchmark
  public void openAiJava(OpenAiJava s, Blackhole bh) {
    com.openai.models.chat.completions.ChatCompletion c = s.client.chat().completions().create(ChatFixture.OPENAI);
    bh.consume(c.choices().get(0).message().content().orElseThrow());
    bh.consume(c.usage().orElseThrow().promptTokens());
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
