package dev.tollgate.collector.dev.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.testing.OpenApiSchemas;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated upstream's answers validate against OpenAI's own schemas in
 * fixtures/openai/openapi.yaml (see {@link OpenApiSchemas} for the one rewrite of {@code nullable}).
 */
class OpenApiSchemaConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static OpenApiSchemas schemas;
  private final MockUpstream upstream = MockBodies.upstream(new MockBodies.RecordingSleeper(), Latency.OFF);

  @BeforeAll
  static void loadSchemas() {
    schemas = OpenApiSchemas.load();
  }

  private String post(String body, BiFunction<MockUpstream.Call, String, Response> call) {
    Response response = call.apply(MockBodies.CALL, body);
    assertThat(response.getStatus()).isEqualTo(200);
    return MockBodies.body(response);
  }

  private static String json(Object value) throws Exception {
    return JSON.writeValueAsString(value);
  }

  @Test
  void theValidatorRejectsWhatTheSchemaForbids() throws Exception {
    // Guards against a validator that accepts anything (e.g. an unresolved $ref).
    String answer = post(json(MockClient.chat("gpt-4o-mini", "hi")), upstream::chatCompletions);
    String broken = answer.replace("\"object\":\"chat.completion\"", "\"object\":\"chat.completions\"")
        .replace("\"prompt_tokens\":", "\"prompt_tokens\":\"many\",\"x\":");

    assertThat(schemas.errors("CreateChatCompletionResponse", broken)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(schemas.errors("CreateChatCompletionResponse", "{\"id\":\"x\"}")).isNotEmpty();
  }

  @Test
  void chatCompletion() throws Exception {
    for (String model : List.of("gpt-4o-mini", "o3-mini", "anything-else")) {
      String answer = post(json(Map.of("model", model, "max_tokens", 40,
          "messages", List.of(Map.of("role", "system", "content", "Be brief"),
              Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "Hello")))))),
          upstream::chatCompletions);

      assertThat(schemas.errors("CreateChatCompletionResponse", answer)).as(model).isEmpty();
    }
  }

  @Test
  void everyChatStreamChunk() throws Exception {
    for (boolean includeUsage : new boolean[] {true, false}) {
      String stream = post(json(Map.of("model", "gpt-4o", "stream", true,
          "stream_options", Map.of("include_usage", includeUsage),
          "messages", List.of(Map.of("role", "user", "content", "Hello")))), upstream::chatCompletions);

      List<MockClient.Sse> events = MockClient.events(stream);
      assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
      for (MockClient.Sse event : events.subList(0, events.size() - 1)) {
        assertThat(schemas.errors("CreateChatCompletionStreamResponse", event.data())).as(event.data()).isEmpty();
      }
    }
  }

  @Test
  void response() throws Exception {
    for (String model : List.of("gpt-4.1-mini", "o4-mini")) {
      String answer = post(json(Map.of("model", model, "instructions", "Be brief", "input",
          List.of(Map.of("role", "user", "content", List.of(Map.of("type", "input_text", "text", "Hi")))))),
          upstream::responses);

      assertThat(schemas.errors("Response", answer)).as(model).isEmpty();
    }
    String truncated = post(json(Map.of("model", "gpt-4o", "input", "Hi", "max_output_tokens", 16)),
        upstream::responses);
    assertThat(JSON.readTree(truncated).path("status").asText()).isEqualTo("incomplete");
    assertThat(schemas.errors("Response", truncated)).isEmpty();
  }

  /**
   * Every event validates as a {@code ResponseStreamEvent}, with one known exception: while the
   * response is in progress, {@code response.created} and {@code response.in_progress} carry
   * {@code "usage": null} as OpenAI's real streams (and fixtures/openai/responses-stream.sse) do,
   * where the document's {@code Response.usage} is a non-nullable {@code ResponseUsage}. The test
   * asserts that this is the only error, so any other deviation fails it.
   */
  @Test
  void everyResponseStreamEvent() throws Exception {
    String stream = post(json(Map.of("model", "o3", "input", "Hello", "stream", true)), upstream::responses);

    for (MockClient.Sse event : MockClient.events(stream)) {
      List<String> errors = schemas.errors("ResponseStreamEvent", event.data());
      if (event.event().equals("response.created") || event.event().equals("response.in_progress")) {
        assertThat(event.json().path("response").path("usage").isNull()).isTrue();
        String withoutUsage = JSON.writeValueAsString(((ObjectNode) event.json().path("response"))
            .without("usage"));
        assertThat(schemas.errors("Response", withoutUsage)).as(event.event()).isEmpty();
        assertThat(schemas.errors("Response", JSON.writeValueAsString(event.json().path("response"))))
            .as(event.event()).isNotEmpty().allSatisfy(error -> assertThat(error).contains("usage"));
      } else {
        assertThat(errors).as(event.event()).isEmpty();
      }
    }
  }

  @Test
  void embeddings() throws Exception {
    String answer = post(json(Map.of("model", "text-embedding-3-small", "input", List.of("a", "b"),
        "dimensions", 64)), upstream::embeddings);

    assertThat(schemas.errors("CreateEmbeddingResponse", answer)).isEmpty();
  }

  @Test
  void moderations() throws Exception {
    String answer = post(json(Map.of("input", List.of("Lovely weather", "I will kill it"))), upstream::moderations);

    assertThat(schemas.errors("CreateModerationResponse", answer)).isEmpty();
  }

  @Test
  void modelsList() {
    assertThat(schemas.errors("ListModelsResponse", MockBodies.body(upstream.models(MockBodies.CALL)))).isEmpty();
  }

  @Test
  void errors() throws Exception {
    for (String status : List.of("400", "401", "429", "500", "503")) {
      Response response = upstream.chatCompletions(
          new MockUpstream.Call("sk", null, status, null), json(MockClient.chat("gpt-4o-mini", "hi")));

      assertThat(response.getStatus()).isEqualTo(Integer.parseInt(status));
      assertThat(schemas.errors("ErrorResponse", MockBodies.body(response))).as(status).isEmpty();
    }
  }
}
