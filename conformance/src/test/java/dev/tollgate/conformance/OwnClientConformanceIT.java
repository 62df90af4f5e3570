package dev.tollgate.conformance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.ResponseStream;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import dev.tollgate.sdk.chat.ChatMessage;
import dev.tollgate.sdk.embeddings.EmbeddingRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The conformance suite against Tollgate's own typed client. */
class OwnClientConformanceIT extends ConformanceSuite {

  @Override
  protected ClientUnderTest client(Tollgate tollgate, Application application) {
    return new OwnClient(tollgate);
  }

  /** Calls as an application using {@code tollgate.chat()} and {@code tollgate.embeddings()} makes them. */
  static final class OwnClient implements ClientUnderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Tollgate tollgate;

    OwnClient(Tollgate tollgate) {
      this.tollgate = tollgate;
    }

    private static RequestOptions options(Call call) {
      return RequestOptions.builder().traceId(call.traceId()).endUser(call.endUser()).tags(call.tags()).build();
    }

    private static ChatCompletionRequest.Builder request(Call call) {
      return ChatCompletionRequest.builder().model(call.model()).addUserMessage(call.prompt()).maxTokens(call.maxTokens());
    }

    @Override
    public String chat(Call call) {
      return tollgate.chat().create(request(call).build(), options(call)).firstText().orElse("");
    }

    @Override
    public String chatStream(Call call) {
      StringBuilder text = new StringBuilder();
      try (ResponseStream<ChatCompletionChunk> chunks = tollgate.chat().stream(request(call).build(), options(call))) {
        for (ChatCompletionChunk chunk : chunks) {
          chunk.choices().forEach(c -> c.delta().text().ifPresent(text::append));
        }
      }
      return text.toString();
    }

    @Override
    @SuppressWarnings("unchecked")
    public ToolRoundTrip toolRoundTrip(Call call) throws Exception {
      Map<String, Object> tool = JSON.readValue(WEATHER_TOOL, new TypeReference<>() { });
      ChatCompletion first = tollgate.chat().create(request(call).putAdditionalProperty("tools", List.of(tool)).build(),
          options(call));
      ChatMessage asked = first.choices().get(0).message();
      List<Map<String, Object>> calls = (List<Map<String, Object>>) asked.additionalProperties().get("tool_calls");
      Map<String, Object> function = (Map<String, Object>) calls.get(0).get("function");
      ChatCompletion second = tollgate.chat().create(request(call)
          .putAdditionalProperty("tools", List.of(tool))
          .addMessage(asked)
          .addMessage(new ChatMessage("tool", WEATHER_RESULT, null, Map.of("tool_call_id", calls.get(0).get("id"))))
          .build(), options(call));
      return new ToolRoundTrip((String) function.get("name"), (String) function.get("arguments"),
          second.firstText().orElse(""));
    }

    @Override
    public String structured(Call call) throws Exception {
      Map<String, Object> format = Map.of("type", "json_schema", "json_schema", Map.of("name", "invoice", "strict", true,
          "schema", JSON.readValue(INVOICE_SCHEMA, new TypeReference<Map<String, Object>>() { })));
      return tollgate.chat().create(request(call).putAdditionalProperty("response_format", format).build(), options(call))
          .firstText().orElse("");
    }

    @Override
    public int embed(Call call, List<String> inputs) {
      return tollgate.embeddings().create(EmbeddingRequest.builder().model(call.model()).input(inputs).build(),
          options(call)).data().size();
    }

    @Override
    public Running streamUntilFirstChunk(Call call) {
      CompletableFuture<Void> firstChunk = new CompletableFuture<>();
      CompletableFuture<Void> stream = tollgate.chat().streamAsync(request(call).build(), options(call),
          chunk -> firstChunk.complete(null));
      firstChunk.join();
      return () -> stream.cancel(true);
    }

    @Override
    public Running chatAsync(Call call) {
      CompletableFuture<ChatCompletion> future = tollgate.chat().createAsync(request(call).build(), options(call));
      return () -> future.cancel(true);
    }
  }
}
