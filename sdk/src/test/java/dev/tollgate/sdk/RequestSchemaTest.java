package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sdk.chat.ChatCompletionRequest;
import dev.tollgate.sdk.chat.ChatMessage;
import dev.tollgate.sdk.chat.StreamOptions;
import dev.tollgate.sdk.embeddings.EmbeddingRequest;
import dev.tollgate.sdk.moderations.ModerationRequest;
import dev.tollgate.sdk.responses.ResponseRequest;
import dev.tollgate.testing.OpenApiSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the SDK sends upstream is valid against OpenAI's own OpenAPI request schemas. */
class RequestSchemaTest extends SdkTestBase {

  private static final OpenApiSchemas SCHEMAS = OpenApiSchemas.load();

  private static String sentTo(String path) {
    List<com.github.tomakehurst.wiremock.verification.LoggedRequest> r = upstream.findAll(postRequestedFor(urlEqualTo(path)));
    return r.get(r.size() - 1).getBodyAsString();
  }

  @Test
  void theSchemaCheckCatchesAnInvalidRequest() {
    assertThat(SCHEMAS.errors("CreateChatCompletionRequest", "{\"model\":\"gpt-4o-mini\"}")).isNotEmpty();
    assertThat(SCHEMAS.errors("CreateChatCompletionRequest",
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":\"many\"}")).isNotEmpty();
  }

  @Test
  void chatRequestsMatchCreateChatCompletionRequest() {
    client();
    ChatCompletionRequest r = ChatCompletionRequest.builder()
        .model("gpt-4o-mini")
        .addMessage(ChatMessage.developer("Be terse."))
        .addUserMessage("Hello")
        .addMessage(new ChatMessage("user", List.of(Map.of("type", "text", "text", "Describe")), "alice", null))
        .maxCompletionTokens(100)
        .temperature(0.2)
        .topP(0.9)
        .n(1)
        .user("u-1")
        .putAdditionalProperty("seed", 42)
        .build();

    tollgate.chat().create(r);
    assertThat(SCHEMAS.errors("CreateChatCompletionRequest", sentTo("/v1/chat/completions"))).isEmpty();

    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion-stream.sse")));
    try (ResponseStream<?> s = tollgate.chat().stream(r.toBuilder().streamOptions(StreamOptions.includeUsage(false)).build())) {
      s.forEach(x -> {});
    }
    String streamed = sentTo("/v1/chat/completions");
    assertThat(streamed).contains("\"include_usage\":true");
    assertThat(SCHEMAS.errors("CreateChatCompletionRequest", streamed)).isEmpty();
  }

  @Test
  void responsesRequestsMatchCreateResponse() {
    client();
    tollgate.responses().create(ResponseRequest.builder().model("o3-mini").input("Total of the invoice?")
        .instructions("Answer with a number.").maxOutputTokens(500).build());
    assertThat(SCHEMAS.errors("CreateResponse", sentTo("/v1/responses"))).isEmpty();

    upstream.stubFor(post(urlEqualTo("/v1/responses")).willReturn(fixture("responses-stream.sse")));
    try (ResponseStream<?> s = tollgate.responses().stream(ResponseRequest.builder().model("gpt-4.1-mini")
        .inputItems(List.of(Map.of("role", "user", "content", "Hello"))).build())) {
      s.forEach(x -> {});
    }
    assertThat(SCHEMAS.errors("CreateResponse", sentTo("/v1/responses"))).isEmpty();
  }

  @Test
  void embeddingAndModerationRequestsMatchTheirSchemas() {
    client();
    tollgate.embeddings().create(EmbeddingRequest.builder().model("text-embedding-3-small")
        .input(List.of("first", "second")).dimensions(8).encodingFormat("float").build());
    assertThat(SCHEMAS.errors("CreateEmbeddingRequest", sentTo("/v1/embeddings"))).isEmpty();

    tollgate.moderations().create(ModerationRequest.of("omni-moderation-latest", "Is this fine?"));
    assertThat(SCHEMAS.errors("CreateModerationRequest", sentTo("/v1/moderations"))).isEmpty();
  }
}
