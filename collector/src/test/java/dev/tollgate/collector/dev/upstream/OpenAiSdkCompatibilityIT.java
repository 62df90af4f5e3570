package dev.tollgate.collector.dev.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import com.openai.models.moderations.ModerationCreateParams;
import com.openai.models.moderations.ModerationCreateResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The official OpenAI Java SDK, a client we did not write, makes every kind of call against the simulated upstream. */
@ExtendWith(DropwizardExtensionsSupport.class)
class OpenAiSdkCompatibilityIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(config -> config.setDevMode(true));

  private OpenAIClient openai;

  @BeforeEach
  void setUp() {
    openai = client("sk-sdk-test");
  }

  private static OpenAIClient client(String apiKey) {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://localhost:" + APP.getLocalPort() + "/mock/v1")
        .apiKey(apiKey)
        .putHeader(Latency.HEADER, "off")
        .maxRetries(0)
        .build();
  }

  @Test
  void chatCompletion() {
    ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addSystemMessage("You are terse.").addUserMessage("Summarise the quarter").build());

    completion.validate();
    assertThat(completion.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(c -> assertThat(c).isNotBlank());
    assertConsistent(completion.usage().orElseThrow());
  }

  @Test
  void streamedChatWithIncludeUsage() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Stream a reply")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      stream.stream().forEach(chunks::add);
    }

    chunks.forEach(ChatCompletionChunk::validate);
    StringBuilder text = new StringBuilder();
    chunks.forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
    assertThat(text).isNotEmpty();
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    CompletionUsage usage = last.usage().orElseThrow();
    assertConsistent(usage);
    assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
  }

  @Test
  void repeatedLongPromptIsPartlyCached() {
    OpenAIClient cachingClient = client("sk-sdk-cache");
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4.1")
        .addSystemMessage("You review contracts. ".repeat(400)).addUserMessage("Any risks?").build();

    CompletionUsage first = cachingClient.chat().completions().create(params).usage().orElseThrow();
    CompletionUsage second = cachingClient.chat().completions().create(params).usage().orElseThrow();

    assertThat(first.promptTokens()).isGreaterThanOrEqualTo(1024);
    assertThat(first.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(0L);
    long cached = second.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow();
    assertThat(cached).isGreaterThanOrEqualTo(1024).isLessThanOrEqualTo(second.promptTokens());
    assertThat(cached % 128).isZero();
    assertThat(second.promptTokens()).isEqualTo(first.promptTokens());
    assertConsistent(second);
  }

  @Test
  void responses() {
    Response response = openai.responses().create(ResponseCreateParams.builder()
        .model("o4-mini").instructions("Be brief.").input("What is the invoice total?").build());

    response.validate();
    // A known snapshot name parses as one of the SDK's ChatModel constants.
    assertThat(response.model().isChat() ? response.model().asChat().asString() : response.model().asString())
        .isEqualTo("o4-mini-2025-04-16");
    assertThat(response.output()).anySatisfy(item -> assertThat(item.isReasoning()).isTrue());
    assertThat(response.output()).anySatisfy(item -> assertThat(item.isMessage()).isTrue());
    ResponseUsage usage = response.usage().orElseThrow();
    assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
    assertThat(usage.outputTokensDetails().reasoningTokens()).isPositive().isLessThan(usage.outputTokens());
  }

  @Test
  void streamedResponses() {
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream = openai.responses().createStreaming(
        ResponseCreateParams.builder().model("gpt-4.1-mini").input("Hello").build())) {
      stream.stream().forEach(events::add);
    }

    events.forEach(ResponseStreamEvent::validate);
    assertThat(events.get(0).isCreated()).isTrue();
    String deltas = events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
        .map(event -> event.asOutputTextDelta().delta()).reduce("", String::concat);
    ResponseStreamEvent last = events.get(events.size() - 1);
    assertThat(last.isCompleted()).isTrue();
    Response response = last.asCompleted().response();
    assertThat(response.output().get(0).asMessage().content().get(0).asOutputText().text()).isEqualTo(deltas);
    ResponseUsage usage = response.usage().orElseThrow();
    assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
    assertThat(usage.outputTokens()).isPositive();
  }

  @Test
  void embeddings() {
    CreateEmbeddingResponse floats = openai.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("Tollgate meters tokens").dimensions(256L)
        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
    CreateEmbeddingResponse base64 = openai.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("Tollgate meters tokens").dimensions(256L)
        .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());

    floats.validate();
    base64.validate();
    assertThat(floats.data().get(0).embedding()).hasSize(256);
    assertThat(base64.data().get(0).embedding()).isEqualTo(floats.data().get(0).embedding());
    assertThat(floats.usage().promptTokens()).isEqualTo(floats.usage().totalTokens()).isPositive();
  }

  @Test
  void moderations() {
    ModerationCreateResponse response = openai.moderations().create(ModerationCreateParams.builder()
        .input("I will attack the castle").model("omni-moderation-latest").build());

    response.validate();
    assertThat(response.results().get(0).flagged()).isTrue();
    assertThat(response.results().get(0).categories().violence()).isTrue();
  }

  @Test
  void modelsList() {
    List<Model> models = openai.models().list().data();

    models.forEach(Model::validate);
    assertThat(models).extracting(Model::id).contains("gpt-4o-mini", "text-embedding-3-small");
  }

  @Test
  void requestedErrorsSurfaceAsTheSdksTypedExceptions() {
    assertThatThrownBy(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("mock-error-429").addUserMessage("hi").build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(429);
          assertThat(e.headers().values("retry-after")).containsExactly("1");
          assertThat(e.code()).hasValue("rate_limit_exceeded");
        });
    assertThatThrownBy(() -> openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("mock-error-500").addUserMessage("hi").build()))
        .isInstanceOf(InternalServerException.class);
    assertThatThrownBy(() -> client(" ").models().list())
        .isInstanceOf(UnauthorizedException.class);
  }

  private static void assertConsistent(CompletionUsage usage) {
    usage.validate();
    assertThat(usage.promptTokens()).isPositive();
    assertThat(usage.completionTokens()).isPositive();
    assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
  }
}
