package dev.tollgate.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.tollgate.sdk.QuotaExceededException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter's own duties, with a stand-in for the engine: LangChain4j's models run on it
 * unchanged, errors reach them as LangChain4j expects, a refusal is never retried, and a
 * cancelled stream cancels its HTTP call.
 */
class GovernedHttpClientTest {

  private static WireMockServer upstream;
  private StandInEngine engine;

  @BeforeAll
  static void start() {
    upstream = new WireMockServer(options().dynamicPort());
    upstream.start();
  }

  @AfterAll
  static void stop() {
    upstream.stop();
  }

  @BeforeEach
  void reset() {
    upstream.resetAll();
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(fixture("chat-completion.json"))));
    upstream.stubFor(post(urlEqualTo("/v1/embeddings")).willReturn(okJson(fixture("embeddings.json"))));
    engine = new StandInEngine(upstream.baseUrl());
  }

  @Test
  void aChatModelWithNoKeyRunsThroughTheEngine() {
    OpenAiChatModel model = OpenAiChatModel.builder().httpClientBuilder(builder()).modelName("gpt-4o-mini")
        .maxRetries(0).build();

    String answer = model.chat("Summarise the quarter.");

    assertThat(answer).startsWith("Quarterly revenue rose 12%");
    assertThat(engine.calls()).hasSize(1);
    upstream.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
        .withHeader("Authorization", equalTo("Bearer " + StandInEngine.LEASED_KEY))
        .withHeader("Content-Type", containing("application/json")));
  }

  @Test
  void aRefusalIsLangChain4jsNonRetriableExceptionCausedByQuotaExceededAndIsNotRetried() {
    engine.refuse();
    OpenAiChatModel model = OpenAiChatModel.builder().httpClientBuilder(builder()).modelName("gpt-4o-mini")
        .maxRetries(3).build();

    assertThatThrownBy(() -> model.chat("Hello")).isInstanceOf(NonRetriableException.class)
        .cause().isInstanceOfSatisfying(QuotaExceededException.class,
            e -> assertThat(e.reason()).isEqualTo("quota_exceeded"));
    assertThat(engine.calls()).hasSize(1);
    upstream.verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  @Test
  void aRefusedStreamReachesTheHandlersOnError() throws Exception {
    engine.refuse();
    OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().httpClientBuilder(builder())
        .modelName("gpt-4o-mini").build();
    Recorder handler = new Recorder();

    model.chat("Hello", handler);

    assertThat(handler.error.get(10, TimeUnit.SECONDS)).isInstanceOf(NonRetriableException.class)
        .cause().isInstanceOf(QuotaExceededException.class);
    assertThat(handler.complete).isNotDone();
  }

  @Test
  void anErrorStatusIsMappedByLangChain4jAsForItsOwnClients() {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
        .willReturn(aResponse().withStatus(429).withBody(fixture("error-429.json"))));
    OpenAiChatModel model = OpenAiChatModel.builder().httpClientBuilder(builder()).modelName("gpt-4o-mini")
        .maxRetries(0).build();

    assertThatThrownBy(() -> model.chat("Hello")).isInstanceOf(RateLimitException.class)
        .hasMessageContaining("Rate limit reached");
  }

  @Test
  void aTimedOutCallIsNotRetriedByLangChain4j() {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
        .willReturn(okJson(fixture("chat-completion.json")).withFixedDelay(3_000)));
    OpenAiChatModel model = OpenAiChatModel.builder().httpClientBuilder(builder()).modelName("gpt-4o-mini")
        .timeout(Duration.ofMillis(200)).maxRetries(2).build();

    assertThatThrownBy(() -> model.chat("Hello")).isInstanceOf(NonRetriableException.class)
        .cause().isInstanceOf(InterruptedIOException.class);
    assertThat(engine.calls()).hasSize(1);
  }

  @Test
  void aStreamDeliversItsPartsThenTheCompleteResponse() throws Exception {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(sse(fixture("chat-completion-stream.sse"))));
    OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().httpClientBuilder(builder())
        .modelName("gpt-4o-mini").build();
    Recorder handler = new Recorder();

    model.chat("Hello", handler);

    ChatResponse response = handler.complete.get(10, TimeUnit.SECONDS);
    assertThat(String.join("", handler.parts)).isEqualTo(response.aiMessage().text()).startsWith("Hello! How");
    assertThat(handler.error).isNotDone();
  }

  @Test
  void cancellingAStreamFromItsHandlerCancelsItsHttpCallAndEndsQuietly() throws Exception {
    OpenAiStreamingChatModel model = slowStreamingModel();
    CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
    Recorder handler = new Recorder() {
      @Override
      public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        context.streamingHandle().cancel();
        cancelled.complete(engine.calls().get(0).isCanceled());
      }
    };

    model.chat("Hello", handler);

    assertThat(cancelled.get(10, TimeUnit.SECONDS)).as("the HTTP call is cancelled at once").isTrue();
    engine.bodyClosed(0).get(10, TimeUnit.SECONDS);
    assertThat(handler.complete).isNotDone();
    assertThat(handler.error).isNotDone();
  }

  @Test
  void cancellingAStreamFromAnotherThreadCancelsItsHttpCallAndEndsQuietly() throws Exception {
    OpenAiStreamingChatModel model = slowStreamingModel();
    CompletableFuture<StreamingHandle> started = new CompletableFuture<>();
    Recorder handler = new Recorder() {
      @Override
      public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        started.complete(context.streamingHandle());
      }
    };

    model.chat("Hello", handler);
    started.get(10, TimeUnit.SECONDS).cancel();

    assertThat(engine.calls().get(0).isCanceled()).as("the HTTP call is cancelled at once").isTrue();
    engine.bodyClosed(0).get(10, TimeUnit.SECONDS);
    assertThat(handler.complete).isNotDone();
    assertThat(handler.error).isNotDone();
  }

  @Test
  void interruptingAThreadWaitingForAChatCancelsItsHttpCall() throws Exception {
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
        .willReturn(okJson(fixture("chat-completion.json")).withFixedDelay(30_000)));
    OpenAiChatModel model = OpenAiChatModel.builder().httpClientBuilder(builder()).modelName("gpt-4o-mini")
        .maxRetries(0).build();
    ExecutorService application = Executors.newSingleThreadExecutor();
    try {
      Future<String> answer = application.submit(() -> model.chat("Hello"));
      await(() -> upstream.getAllServeEvents().size() == 1);

      answer.cancel(true);

      await(() -> engine.calls().get(0).isCanceled());
    } finally {
      application.shutdownNow();
    }
  }

  @Test
  void anEmbeddingModelRunsThroughTheEngine() {
    OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().httpClientBuilder(builder())
        .modelName("text-embedding-3-small").maxRetries(0).build();

    List<Embedding> vectors = model.embedAll(List.of(
        TextSegment.from("first"),
        TextSegment.from("second"))).content();

    assertThat(vectors).hasSize(2);
    assertThat(vectors.get(0).dimension()).isPositive();
    upstream.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings"))
        .withHeader("Authorization", equalTo("Bearer " + StandInEngine.LEASED_KEY)));
  }

  @Test
  void withoutTollgatesBuilderAModelHasNoHttpClientToCallTheProviderWith() {
    assertThatThrownBy(() -> OpenAiChatModel.builder().apiKey("sk-app").modelName("gpt-4o-mini").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("No HTTP client");
  }

  /** Waits for {@code condition}, failing after ten seconds. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private HttpClientBuilder builder() {
    return TollgateLangChain4j.httpClientBuilder(new okhttp3.OkHttpClient(), engine);
  }

  private static ResponseDefinitionBuilder sse(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
  }

  /** A model whose stream dribbles for 40 s: the fixture's first events, then a thousand more. */
  private OpenAiStreamingChatModel slowStreamingModel() {
    String[] events = fixture("chat-completion-stream.sse").split("\n\n");
    String endless = (events[0] + "\n\n" + events[1] + "\n\n").repeat(1_000);
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions"))
        .willReturn(sse(endless).withChunkedDribbleDelay(400, 40_000)));
    return OpenAiStreamingChatModel.builder().httpClientBuilder(builder()).modelName("gpt-4o-mini").build();
  }

  static String fixture(String name) {
    try {
      return Files.readString(Path.of(System.getProperty("tollgate.fixtures", "../fixtures/openai"), name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records what a streaming chat hands to its handler. */
  static class Recorder implements StreamingChatResponseHandler {
    final List<String> parts = new CopyOnWriteArrayList<>();
    final CompletableFuture<ChatResponse> complete = new CompletableFuture<>();
    final CompletableFuture<Throwable> error = new CompletableFuture<>();

    @Override
    public void onPartialResponse(String partial) {
      parts.add(partial);
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
      complete.complete(response);
    }

    @Override
    public void onError(Throwable e) {
      error.complete(e);
    }
  }
}
