package dev.tollgate.collector.dev.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulated upstream over real HTTP, in a dev-mode collector. */
@ExtendWith(DropwizardExtensionsSupport.class)
class MockUpstreamHttpIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(config -> config.setDevMode(true));

  private MockClient client;

  @BeforeEach
  void setUp() {
    client = new MockClient(APP.getLocalPort());
  }

  @Test
  void chatCompletionHasOpenAisShapeAndConsistentUsage() {
    HttpResponse<String> response = client.post("/chat/completions", MockClient.chat("gpt-4o-mini", "Say hello"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-request-id"))
        .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    assertThat(response.headers().firstValue("openai-processing-ms")).isPresent();
    JsonNode body = MockClient.json(response);
    assertThat(body.path("id").asText()).startsWith("chatcmpl-");
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
    JsonNode choice = body.path("choices").get(0);
    assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
    assertThat(choice.path("message").path("content").asText()).isNotBlank();
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = body.path("usage");
    // "Say hello": 2 tokens of content + 1 of role + 3 per message + 3 priming.
    assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(9);
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
    assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isZero();
  }

  @Test
  void theAnswerReportsTheServiceTierItWasServedIn() {
    Map<String, Object> flex = new HashMap<>(MockClient.chat("gpt-4o-mini", "Say hello"));
    flex.put("service_tier", "flex");
    Map<String, Object> auto = new HashMap<>(MockClient.chat("gpt-4o-mini", "Say hello"));
    auto.put("service_tier", "auto");
    Map<String, Object> streamedPriority = new HashMap<>(MockClient.chat("gpt-4o-mini", "Say hello"));
    streamedPriority.put("service_tier", "priority");
    streamedPriority.put("stream", true);

    assertThat(MockClient.json(client.post("/chat/completions", flex)).path("service_tier").asText()).isEqualTo("flex");
    assertThat(MockClient.json(client.post("/chat/completions", auto)).path("service_tier").asText())
        .isEqualTo("default");
    assertThat(MockClient.json(client.post("/chat/completions", MockClient.chat("gpt-4o-mini", "Say hello")))
        .path("service_tier").asText()).isEqualTo("default");
    assertThat(client.post("/chat/completions", streamedPriority).body()).contains("\"service_tier\":\"priority\"")
        .doesNotContain("\"service_tier\":\"default\"");
  }

  @Test
  void unknownModelsAreEchoedAndMaxTokensCutsTheAnswer() {
    Map<String, Object> request = new HashMap<>(MockClient.chat("my-local-model", "Write a long essay"));
    request.put("max_tokens", 5);

    JsonNode body = MockClient.json(client.post("/chat/completions", request));

    assertThat(body.path("model").asText()).isEqualTo("my-local-model");
    assertThat(body.path("usage").path("completion_tokens").asInt()).isLessThanOrEqualTo(5);
    assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
  }

  @Test
  void reasoningModelsBillHiddenReasoningTokensAsOutput() {
    JsonNode body = MockClient.json(client.post("/chat/completions", MockClient.chat("o3-mini", "Think hard")));

    JsonNode usage = body.path("usage");
    int reasoning = usage.path("completion_tokens_details").path("reasoning_tokens").asInt();
    assertThat(body.path("model").asText()).isEqualTo("o3-mini-2025-01-31");
    assertThat(reasoning).isPositive().isLessThan(usage.path("completion_tokens").asInt());
  }

  @Test
  void streamedChatWithIncludeUsageEndsWithAUsageChunkThenDone() {
    Map<String, Object> request = new HashMap<>(MockClient.chat("gpt-4o-mini", "Stream please"));
    request.put("stream", true);
    request.put("stream_options", Map.of("include_usage", true));

    HttpResponse<String> response = client.post("/chat/completions", request);

    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/event-stream"));
    List<MockClient.Sse> events = MockClient.events(response.body());
    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    JsonNode first = events.get(0).json();
    assertThat(first.path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
    StringBuilder text = new StringBuilder();
    for (MockClient.Sse event : events.subList(0, events.size() - 2)) {
      JsonNode chunk = event.json();
      assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.has("usage") && chunk.get("usage").isNull()).isTrue();
      text.append(chunk.path("choices").get(0).path("delta").path("content").asText(""));
    }
    JsonNode finish = events.get(events.size() - 3).json();
    assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    JsonNode usageChunk = events.get(events.size() - 2).json();
    assertThat(usageChunk.path("choices")).isEmpty();
    JsonNode usage = usageChunk.path("usage");
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());

    request.remove("stream");
    request.remove("stream_options");
    JsonNode whole = MockClient.json(client.post("/chat/completions", request));
    assertThat(text.toString()).isEqualTo(whole.path("choices").get(0).path("message").path("content").asText());
    assertThat(usage).isEqualTo(whole.path("usage"));
  }

  @Test
  void streamedChatWithoutIncludeUsageCarriesNoUsage() {
    Map<String, Object> request = new HashMap<>(MockClient.chat("gpt-4o-mini", "Stream please"));
    request.put("stream", true);

    List<MockClient.Sse> events = MockClient.events(client.post("/chat/completions", request).body());

    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    for (MockClient.Sse event : events.subList(0, events.size() - 1)) {
      assertThat(event.json().has("usage")).isFalse();
      assertThat(event.json().path("choices")).hasSize(1);
    }
  }

  @Test
  void streamedResponseSendsNamedEventsAndUsageWhenCompleted() {
    Map<String, Object> request = Map.of("model", "gpt-4.1-mini", "input", "Hello there", "stream", true);

    List<MockClient.Sse> events = MockClient.events(client.post("/responses", request).body());

    assertThat(events.get(0).event()).isEqualTo("response.created");
    assertThat(events.get(1).event()).isEqualTo("response.in_progress");
    assertThat(events).extracting(MockClient.Sse::event).contains("response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.done",
        "response.output_item.done");
    MockClient.Sse completed = events.get(events.size() - 1);
    assertThat(completed.event()).isEqualTo("response.completed");
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).json().path("type").asText()).isEqualTo(events.get(i).event());
      assertThat(events.get(i).json().path("sequence_number").asInt()).isEqualTo(i);
    }
    JsonNode response = completed.json().path("response");
    assertThat(response.path("model").asText()).isEqualTo("gpt-4.1-mini-2025-04-14");
    JsonNode usage = response.path("usage");
    assertThat(usage.path("total_tokens").asInt())
        .isEqualTo(usage.path("input_tokens").asInt() + usage.path("output_tokens").asInt());
    String deltas = events.stream().filter(e -> "response.output_text.delta".equals(e.event()))
        .map(e -> e.json().path("delta").asText()).reduce("", String::concat);
    assertThat(deltas).isEqualTo(response.path("output").get(0).path("content").get(0).path("text").asText());
  }

  @Test
  void aCutStreamEndsWithoutUsageOrDone() {
    Map<String, Object> request = new HashMap<>(MockClient.chat("gpt-4o-mini", "Stream please"));
    request.put("stream", true);
    request.put("stream_options", Map.of("include_usage", true));

    HttpResponse<String> response = client.post("/chat/completions", request, MockUpstream.STREAM_CUT_HEADER, "2");

    assertThat(response.statusCode()).isEqualTo(200);
    List<MockClient.Sse> events = MockClient.events(response.body());
    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(event -> assertThat(event.json().path("usage").isNull()).isTrue());
    assertThat(response.body()).doesNotContain("[DONE]");
  }

  @Test
  void sameRequestSameAnswer() {
    Map<String, Object> request = MockClient.chat("gpt-4o", "Summarise our Q3 numbers");

    JsonNode first = MockClient.json(client.post("/chat/completions", request));
    JsonNode second = MockClient.json(client.post("/chat/completions", request));
    JsonNode other = MockClient.json(client.post("/chat/completions", MockClient.chat("gpt-4o", "Something else")));

    assertThat(second.path("choices")).isEqualTo(first.path("choices"));
    assertThat(second.path("usage")).isEqualTo(first.path("usage"));
    assertThat(second.path("id")).isNotEqualTo(first.path("id"));
    assertThat(other.path("choices").get(0).path("message").path("content"))
        .isNotEqualTo(first.path("choices").get(0).path("message").path("content"));
  }

  @Test
  void aRepeatedLongPromptIsReportedCachedInBlocksOf128() {
    String longPrompt = "The quarterly report covers revenue, churn and costs in detail. ".repeat(120);
    Map<String, Object> request = MockClient.chat("gpt-4o-mini", longPrompt);

    JsonNode first = MockClient.json(client.post("/chat/completions", request, "authorization", "Bearer sk-cache"));
    JsonNode second = MockClient.json(client.post("/chat/completions", request, "authorization", "Bearer sk-cache"));
    JsonNode otherKey = MockClient.json(client.post("/chat/completions", request, "authorization", "Bearer sk-else"));

    int promptTokens = first.path("usage").path("prompt_tokens").asInt();
    assertThat(promptTokens).isGreaterThan(1024);
    assertThat(first.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt()).isZero();
    int cached = second.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt();
    assertThat(cached).isGreaterThanOrEqualTo(1024).isLessThanOrEqualTo(promptTokens)
        .isGreaterThan(promptTokens - 128);
    assertThat(cached % 128).isZero();
    assertThat(otherKey.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt()).isZero();
  }

  @Test
  void missingKeyIsOpenAis401NotTheCollectorsProblem() {
    HttpResponse<String> response = client.post("/chat/completions", MockClient.chat("gpt-4o-mini", "hi"),
        "authorization", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode error = MockClient.json(response).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asText()).contains("didn't provide an API key");
    assertThat(error.has("param") && error.has("code")).isTrue();
    assertThat(client.get("/models", "authorization", "Bearer ").statusCode()).isEqualTo(401);
    assertThat(client.get("/models", "authorization", "Basic abc").statusCode()).isEqualTo(401);
  }

  @Test
  void errorsOnRequestByHeaderOrModelName() {
    HttpResponse<String> limited = client.post("/chat/completions", MockClient.chat("gpt-4o-mini", "hi"),
        FailurePlan.ERROR_HEADER, "429");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("retry-after")).hasValue("1");
    assertThat(limited.headers().firstValue("retry-after-ms")).hasValue("300");
    assertThat(MockClient.json(limited).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");

    HttpResponse<String> byModel = client.post("/responses", Map.of("model", "mock-error-503", "input", "hi"));
    assertThat(byModel.statusCode()).isEqualTo(503);
    assertThat(MockClient.json(byModel).path("error").path("type").asText()).isEqualTo("server_error");

    for (int status : new int[] {400, 401, 500}) {
      HttpResponse<String> failed = client.post("/embeddings",
          Map.of("model", "text-embedding-3-small", "input", "x"), FailurePlan.ERROR_HEADER, "" + status);
      assertThat(failed.statusCode()).isEqualTo(status);
      assertThat(MockClient.json(failed).path("error").path("message").asText()).isNotBlank();
    }
    HttpResponse<String> unsupported = client.get("/models", FailurePlan.ERROR_HEADER, "teapot");
    assertThat(unsupported.statusCode()).isEqualTo(400);
  }

  @Test
  void failRateFailsAboutThatShareOfRequests() {
    int failed = 0;
    for (int i = 0; i < 100; i++) {
      int status = client.get("/models", FailurePlan.FAIL_RATE_HEADER, "0.2").statusCode();
      assertThat(status).isIn(200, 429, 500, 503);
      failed += status == 200 ? 0 : 1;
    }
    assertThat(failed).isBetween(5, 40);
  }

  @Test
  void badRequestsAreOpenAiShaped400s() {
    HttpResponse<String> malformed = client.post("/chat/completions", "{not json");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(MockClient.json(malformed).path("error").path("type").asText()).isEqualTo("invalid_request_error");

    HttpResponse<String> noMessages = client.post("/chat/completions", Map.of("model", "gpt-4o-mini"));
    assertThat(noMessages.statusCode()).isEqualTo(400);
    assertThat(MockClient.json(noMessages).path("error").path("param").asText()).isEqualTo("messages");

    HttpResponse<String> noModel = client.post("/chat/completions", Map.of("messages", List.of()));
    assertThat(noModel.statusCode()).isEqualTo(400);
  }

  @Test
  void embeddingsHonourDimensionsAndBase64() {
    JsonNode small = MockClient.json(client.post("/embeddings",
        Map.of("model", "text-embedding-3-small", "input", List.of("alpha", "beta"))));
    assertThat(small.path("data")).hasSize(2);
    assertThat(small.path("data").get(0).path("embedding")).hasSize(1536);
    assertThat(small.path("usage").path("prompt_tokens").asInt()).isEqualTo(2);

    JsonNode large = MockClient.json(client.post("/embeddings",
        Map.of("model", "text-embedding-3-large", "input", "alpha")));
    assertThat(large.path("data").get(0).path("embedding")).hasSize(3072);

    JsonNode floats = MockClient.json(client.post("/embeddings",
        Map.of("model", "text-embedding-3-small", "input", "alpha", "dimensions", 8)));
    JsonNode base64 = MockClient.json(client.post("/embeddings",
        Map.of("model", "text-embedding-3-small", "input", "alpha", "dimensions", 8, "encoding_format", "base64")));
    String packed = base64.path("data").get(0).path("embedding").asText();
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(packed))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.remaining()).isEqualTo(8 * 4);
    for (int i = 0; i < 8; i++) {
      assertThat(bytes.getFloat()).isEqualTo(floats.path("data").get(0).path("embedding").get(i).floatValue());
    }
    // Shortening keeps the direction of the leading components, as OpenAI's dimensions parameter does.
    JsonNode full = small.path("data").get(0).path("embedding");
    JsonNode shortened = floats.path("data").get(0).path("embedding");
    assertThat(shortened.get(0).doubleValue() / shortened.get(1).doubleValue())
        .isCloseTo(full.get(0).doubleValue() / full.get(1).doubleValue(), org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void moderationFlagsTriggerWordsOnly() {
    JsonNode body = MockClient.json(client.post("/moderations",
        Map.of("input", List.of("Have a nice day", "I will attack you"))));

    assertThat(body.path("model").asText()).isEqualTo("omni-moderation-2024-09-26");
    assertThat(body.has("usage")).isFalse();
    assertThat(body.path("results").get(0).path("flagged").asBoolean()).isFalse();
    assertThat(body.path("results").get(1).path("flagged").asBoolean()).isTrue();
    assertThat(body.path("results").get(1).path("categories").path("violence").asBoolean()).isTrue();
  }

  @Test
  void modelsAreListed() {
    JsonNode body = MockClient.json(client.get("/models"));

    assertThat(body.path("object").asText()).isEqualTo("list");
    assertThat(body.path("data").findValuesAsText("id")).contains("gpt-4o-mini", "gpt-4o-mini-2024-07-18",
        "text-embedding-3-small", "omni-moderation-latest");
    assertThat(client.get("/models/gpt-4o").statusCode()).isEqualTo(200);
    assertThat(client.get("/models/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void unknownPathsAreOpenAis404() {
    HttpResponse<String> response = client.post("/files", "{}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(MockClient.json(response).path("error").path("message").asText())
        .isEqualTo("Invalid URL (POST /v1/files)");
  }
}
