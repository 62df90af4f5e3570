package dev.tollgate.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.spring.sample.Assistant;
import dev.tollgate.spring.sample.AssistantApplication;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import reactor.core.Disposable;

/**
 * The conformance suite through Spring AI: {@link AssistantApplication}, a Spring Boot application
 * whose code names no Tollgate type, calls through {@code ChatClient} (plain, streamed, a
 * {@code @Tool}, a JSON-schema response format) and {@code EmbeddingModel}, governed by the
 * starter. Per scenario client a real application context starts with the application's own
 * provider key ({@code spring.ai.openai.api-key}, which must never reach the provider) and its own
 * OkHttp interceptors (the suite's recorders, added by a customizer of the application's); the
 * suite's {@code Tollgate} stands in for the one the starter would build from {@code tollgate.*}
 * (the suite builds it to control its collector link, spool and timeouts), so the starter's
 * customizer, ordered last, puts it on Spring AI's client.
 *
 * <p>In the suite's package only to override the two scenarios Spring AI 2.0.1 cannot pass as
 * written: scenario 7 runs without its last step, scenario 5 is disabled; each says why.
 */
class SpringAiConformanceIT extends ConformanceSuite {

  /**
   * The suite's scenario 7 without its last step: the timed-out generation is raised, not retried,
   * and metered estimated with status 0. The last step (retried once when the application allows
   * it) cannot hold through Spring AI: it sets one timeout as both OkHttp's read and call timeout,
   * so the call timeout ends the governed call before the engine's allowed retry can run.
   */
  @Override
  @Test
  void aTimedOutGenerationIsMeteredEstimatedAndNotRetriedUnlessAllowed() throws Exception {
    Harness harness = Harness.get();
    Harness.Team team = harness.team(List.of());
    harness.upstream.behave(team.route(), Map.of("x-mock-delay-ms", "4000"));
    Duration readTimeout = Duration.ofSeconds(1);
    Application app = new Application("sk-application-configured-this-key",
        new OkHttpClient.Builder().readTimeout(readTimeout).build(), readTimeout);
    Tollgate tollgate = harness.tollgate(team, app, null, b -> { });
    try (ClientUnderTest client = client(tollgate, app)) {
      assertThatThrownBy(() -> client.chat(new ClientUnderTest.Call("gpt-4o-mini", "Summarise the quarter.", 200,
          "timed-out", "user-timed-out", Map.of())));
    }
    assertThat(harness.upstream.exchanges(team.route())).as("not retried").hasSize(1);
    tollgate.close();
    JsonNode event = awaitOneEvent(harness, team);
    assertThat(event.path("estimated").asBoolean()).isTrue();
    assertThat(event.path("status_code").asInt()).isZero();
  }

  /**
   * The suite's scenario 5 for a stream: disposing Spring AI's reactive answer after its first
   * chunk aborts the exchange within a second, and the call is metered estimated. Its second half
   * (cancelling an asynchronous call before the response headers arrive) cannot hold through
   * Spring AI: disposing its reactive answer then does not cancel the OkHttp call (openai-java's
   * derived future does not pass the cancellation on), and its blocking {@code call()} ignores
   * interrupts.
   */
  @Override
  @Test
  void cancellingAStreamOrAnAsyncCallAbortsTheExchangeWithinASecond() throws Exception {
    Harness harness = Harness.get();
    Harness.Team team = harness.team(List.of());
    harness.upstream.behave(team.route(), Map.of("x-mock-chunk-delay-ms", "200"));
    Duration readTimeout = Duration.ofSeconds(30);
    Application app = new Application("sk-application-configured-this-key",
        new OkHttpClient.Builder().readTimeout(readTimeout).build(), readTimeout);
    Tollgate tollgate = harness.tollgate(team, app, null, b -> { });
    try (ClientUnderTest client = client(tollgate, app)) {
      ClientUnderTest.Running stream = client.streamUntilFirstChunk(new ClientUnderTest.Call("gpt-4o-mini",
          "Summarise the quarter.", 200, "cancelled-stream", "user-cancelled-stream", Map.of()));
      stream.cancel();
      assertThat(harness.upstream.exchanges(team.route()).get(0).awaitAbort(Duration.ofSeconds(1)))
          .as("the provider saw the stream's connection closed within a second").isTrue();
    }
    tollgate.close();
    assertThat(awaitOneEvent(harness, team).path("estimated").asBoolean()).isTrue();
  }

  private static JsonNode awaitOneEvent(Harness harness, Harness.Team team) {
    List<JsonNode> events = harness.admin.transactions(team.client().teamId());
    for (int i = 0; events.isEmpty() && i < 150; i++) {
      Harness.pause(Duration.ofMillis(200));
      events = harness.admin.transactions(team.client().teamId());
    }
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @Override
  protected ClientUnderTest client(Tollgate tollgate, Application application) {
    return new SpringAiClient(tollgate, application);
  }

  /** Calls as the Spring application makes them, through its {@link Assistant} service. */
  static final class SpringAiClient implements ClientUnderTest {
    private final ConfigurableApplicationContext context;
    private final Assistant assistant;

    SpringAiClient(Tollgate tollgate, Application application) {
      List<Interceptor> applicationInterceptors = application.okHttpClient().interceptors();
      OpenAiHttpClientBuilderCustomizer applicationCustomizer = b -> applicationInterceptors.forEach(b::interceptor);
      this.context = new SpringApplicationBuilder(AssistantApplication.class).web(WebApplicationType.NONE)
          .properties("spring.ai.openai.api-key=" + application.apiKey(),
              // Spring AI's read timeout is the one the engine applies to the governed exchange; the
              // chat model sends its options' timeout with every request, so it is set there too.
              "spring.ai.openai.timeout=" + application.readTimeout().toMillis() + "ms",
              "spring.ai.openai.chat.options.timeout=" + application.readTimeout().toMillis() + "ms",
              "spring.main.banner-mode=off", "logging.level.org.springframework.ai=DEBUG")
          .initializers(ctx -> {
            ctx.getBeanFactory().registerSingleton("tollgate", tollgate);
            // A bean definition, as an application's @Bean is: applied before the starter's (ordered last).
            ((GenericApplicationContext) ctx).registerBean("applicationInterceptors",
                OpenAiHttpClientBuilderCustomizer.class, () -> applicationCustomizer);
          })
          .run();
      this.assistant = context.getBean(Assistant.class);
    }

    private static Assistant.Labels labels(Call call) {
      return new Assistant.Labels(RequestOptions.builder().traceId(call.traceId()).endUser(call.endUser())
          .tags(call.tags()).build().toHeaders());
    }

    @Override
    public String chat(Call call) {
      return assistant.ask(call.model(), call.prompt(), call.maxTokens(), labels(call));
    }

    @Override
    public String chatStream(Call call) {
      return String.join("", assistant.askStreaming(call.model(), call.prompt(), call.maxTokens(), labels(call))
          .collectList().block(java.time.Duration.ofSeconds(60)));
    }

    @Override
    public ToolRoundTrip toolRoundTrip(Call call) {
      Assistant.ToolAnswer a = assistant.askWithWeather(call.model(), call.prompt(), call.maxTokens(), labels(call));
      return new ToolRoundTrip(a.toolName(), a.arguments(), a.answer());
    }

    @Override
    public String structured(Call call) {
      return assistant.extract(call.model(), call.prompt(), call.maxTokens(), ClientUnderTest.INVOICE_SCHEMA,
          labels(call));
    }

    @Override
    public int embed(Call call, List<String> inputs) {
      return assistant.embed(call.model(), inputs, labels(call));
    }

    /** Cancelled as a Reactor application does it: disposing the subscription. */
    @Override
    public Running streamUntilFirstChunk(Call call) throws Exception {
      CompletableFuture<Void> first = new CompletableFuture<>();
      Disposable subscription = assistant.askStreaming(call.model(), call.prompt(), call.maxTokens(), labels(call))
          .subscribe(chunk -> first.complete(null), first::completeExceptionally);
      first.get(60, TimeUnit.SECONDS);
      return subscription::dispose;
    }

    /**
     * Spring AI's asynchronous chat is the reactive one: the application subscribes to the answer
     * and disposes the subscription to cancel. (Interrupting a thread blocked in the synchronous
     * {@code call()} does not abort the exchange: OkHttp does not watch interrupts.)
     */
    @Override
    public Running chatAsync(Call call) {
      Disposable answer = assistant.askStreaming(call.model(), call.prompt(), call.maxTokens(), labels(call))
          .collectList().subscribe(chunks -> { }, error -> { });
      return answer::dispose;
    }

    @Override
    public void close() {
      context.close();
    }
  }
}
