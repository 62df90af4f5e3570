package dev.tollgate.spring;

import dev.tollgate.conformance.Application;
import dev.tollgate.conformance.ClientUnderTest;
import dev.tollgate.conformance.ConformanceSuite;
import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.spring.sample.Assistant;
import dev.tollgate.spring.sample.AssistantApplication;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
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
 */
class SpringAiConformanceIT extends ConformanceSuite {

  @Override
  protected ClientUnderTest client(Tollgate tollgate, Application application) {
    return new SpringAiClient(tollgate, application);
  }

  /** Calls as the Spring application makes them, through its {@link Assistant} service. */
  static final class SpringAiClient implements ClientUnderTest {
    private final ConfigurableApplicationContext context;
    private final Assistant assistant;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    SpringAiClient(Tollgate tollgate, Application application) {
      List<Interceptor> applicationInterceptors = application.okHttpClient().interceptors();
      OpenAiHttpClientBuilderCustomizer applicationCustomizer = b -> applicationInterceptors.forEach(b::interceptor);
      this.context = new SpringApplicationBuilder(AssistantApplication.class).web(WebApplicationType.NONE)
          .properties("spring.ai.openai.api-key=" + application.apiKey(),
              "spring.ai.openai.timeout=" + application.readTimeout().multipliedBy(3).toMillis() + "ms",
              "spring.main.banner-mode=off", "logging.level.org.springframework.ai=DEBUG")
          .initializers(ctx -> {
            ctx.getBeanFactory().registerSingleton("tollgate", tollgate);
            ctx.getBeanFactory().registerSingleton("applicationInterceptors", applicationCustomizer);
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

    /** {@code ChatClient.call()} is blocking: an application runs it as a task, and cancels the task. */
    @Override
    public Running chatAsync(Call call) {
      Future<String> answer = callers.submit(() -> chat(call));
      return () -> answer.cancel(true);
    }

    @Override
    public void close() {
      callers.shutdownNow();
      context.close();
    }
  }
}
