package dev.tollgate.collector.dev.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the conformance suite needs of the simulated upstream: tool calls, JSON-schema answers,
 * slow answers and Azure OpenAI's deployment paths.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MockStructuredAnswersIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(config -> config.setDevMode(true));

  private static final Map<String, Object> WEATHER_TOOL = Map.of("type", "function", "function", Map.of(
      "name", "get_weather", "description", "The weather in a city",
      "parameters", Map.of("type", "object", "required", List.of("city", "unit"), "properties", Map.of(
          "city", Map.of("type", "string"), "unit", Map.of("type", "string", "enum", List.of("celsius"))))));

  private final MockClient client = new MockClient(APP.getLocalPort());

  private static Map<String, Object> withTools(String prompt) {
    Map<String, Object> request = new HashMap<>(MockClient.chat("gpt-4o-mini", prompt));
    request.put("tools", List.of(WEATHER_TOOL));
    return request;
  }

  @Test
  void aRequestOfferingToolsIsAnsweredWithACallWhoseArgumentsFitTheSchema() throws Exception {
    JsonNode body = MockClient.json(client.post("/chat/completions", withTools("Weather in Berlin?")));

    JsonNode choice = body.path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(choice.path("message").path("content").isNull()).isTrue();
    JsonNode call = choice.path("message").path("tool_calls").get(0);
    assertThat(call.path("id").asText()).startsWith("call_");
    assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
    JsonNode arguments = MockClient.JSON.readTree(call.path("function").path("arguments").asText());
    assertThat(arguments.path("city").isTextual()).isTrue();
    assertThat(arguments.path("unit").asText()).isEqualTo("celsius");
    assertThat(body.path("usage").path("completion_tokens").asInt()).isPositive();
  }

  @Test
  void theToolsResultIsAnsweredInWords() {
    Map<String, Object> request = withTools("Weather in Berlin?");
    request.put("messages", List.of(Map.of("role", "user", "content", "Weather in Berlin?"),
        Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "call_1", "type", "function",
            "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Berlin\"}")))),
        Map.of("role", "tool", "tool_call_id", "call_1", "content", "{\"temperature\":21}")));

    JsonNode choice = MockClient.json(client.post("/chat/completions", request)).path("choices").get(0);

    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(choice.path("message").path("content").asText()).isNotBlank();
  }

  @Test
  void aStreamedToolCallSendsItsArgumentsInPieces() throws Exception {
    Map<String, Object> request = withTools("Weather in Berlin?");
    request.put("stream", true);

    List<MockClient.Sse> events = MockClient.events(client.post("/chat/completions", request).body());

    JsonNode first = events.get(0).json().path("choices").get(0).path("delta").path("tool_calls").get(0);
    assertThat(first.path("function").path("name").asText()).isEqualTo("get_weather");
    String arguments = events.stream().filter(e -> !"[DONE]".equals(e.data()))
        .map(e -> e.json().path("choices").path(0).path("delta").path("tool_calls").path(0).path("function")
            .path("arguments").asText(""))
        .reduce("", String::concat);
    assertThat(MockClient.JSON.readTree(arguments).path("unit").asText()).isEqualTo("celsius");
    assertThat(events.get(events.size() - 2).json().path("choices").get(0).path("finish_reason").asText())
        .isEqualTo("tool_calls");
  }

  @Test
  void aJsonSchemaResponseFormatIsAnsweredWithADocumentOfThatSchema() throws Exception {
    Map<String, Object> request = new HashMap<>(MockClient.chat("gpt-4o-mini", "Extract the invoice"));
    request.put("response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "invoice", "strict", true,
        "schema", Map.of("type", "object", "required", List.of("total", "paid", "lines"), "properties", Map.of(
            "total", Map.of("type", "number"), "paid", Map.of("type", "boolean"),
            "lines", Map.of("type", "array", "items", Map.of("type", "string")))))));

    JsonNode body = MockClient.json(client.post("/chat/completions", request));

    JsonNode document = MockClient.JSON.readTree(body.path("choices").get(0).path("message").path("content").asText());
    assertThat(document.path("total").isNumber()).isTrue();
    assertThat(document.path("paid").isBoolean()).isTrue();
    assertThat(document.path("lines").get(0).isTextual()).isTrue();
  }

  @Test
  void aDelayHeaderMakesTheAnswerSlow() {
    HttpResponse<String> response = client.post("/chat/completions", MockClient.chat("gpt-4o-mini", "hi"),
        MockUpstream.DELAY_HEADER, "400");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("openai-processing-ms")).hasValue("400");
  }

  @Test
  void azureDeploymentPathsNeedTheApiVersionAndTheApiKey() {
    MockClient azure = new MockClient(APP.getLocalPort(), "/mock/azure/openai");
    Map<String, Object> request = new HashMap<>(MockClient.chat("gpt-4o-mini", "hi"));
    request.remove("model");

    HttpResponse<String> ok = azure.post("/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21", request,
        "api-key", "azure-key", "authorization", null);
    HttpResponse<String> noVersion = azure.post("/deployments/gpt-4o-mini/chat/completions", request,
        "api-key", "azure-key", "authorization", null);
    HttpResponse<String> noKey = azure.post("/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21",
        request, "authorization", null);

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(MockClient.json(ok).path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(noVersion.statusCode()).isEqualTo(404);
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(MockClient.json(noKey).path("error").path("code").asText()).isEqualTo("401");
  }
}
