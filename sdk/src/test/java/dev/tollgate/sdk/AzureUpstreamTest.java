package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.embeddings.EmbeddingRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Azure OpenAI key works (issue 11: it could not, Bearer instead of {@code api-key}, no
 * {@code api-version}, no deployment path): the lease's {@code api_version} and
 * {@code deployments} shape the URL, the key goes in {@code api-key}.
 */
class AzureUpstreamTest extends SdkTestBase {

  private static final String DEPLOYMENT = "/openai/deployments/chat-prod/chat/completions";

  @BeforeEach
  void azureLease() {
    collector.stubFor(post(urlEqualTo("/v1/auth/token")).willReturn(okJson(
        "{\"access_token\":\"" + ACCESS_TOKEN_1 + "\",\"token_type\":\"Bearer\",\"expires_in\":900,"
            + "\"upstream\":{\"provider\":\"azure_openai\",\"base_url\":\"" + upstream.baseUrl() + "\","
            + "\"api_key\":\"" + API_KEY_1 + "\",\"expires_at\":\"" + START.plus(Duration.ofHours(1)) + "\","
            + "\"api_version\":\"2024-10-21\",\"deployments\":{\"gpt-4o-mini\":\"chat-prod\"}}}")));
    upstream.stubFor(post(urlPathEqualTo(DEPLOYMENT)).willReturn(fixture("chat-completion.json")));
  }

  @Test
  void aChatCompletionGoesToTheDeploymentWithTheApiVersionAndTheApiKeyHeader() {
    client();

    assertThat(tollgate.chat().create(chatRequest()).usage().promptTokens()).isEqualTo(1200);

    upstream.verify(1, postRequestedFor(urlEqualTo(DEPLOYMENT + "?api-version=2024-10-21"))
        .withHeader("api-key", equalTo(API_KEY_1))
        .withHeader("Authorization", absent()));
    assertThat(sink.only().usage().promptTokens()).isEqualTo(1200);
    assertThat(sink.only().requestModel()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void aModelWithoutADeploymentEntryIsItsOwnDeploymentAndStreamsAreMetered() {
    client();
    upstream.stubFor(post(urlPathEqualTo("/openai/deployments/text-embedding-3-small/embeddings"))
        .willReturn(fixture("embeddings.json")));
    upstream.stubFor(post(urlPathEqualTo(DEPLOYMENT)).willReturn(fixture("chat-completion-stream.sse")));

    tollgate.embeddings().create(EmbeddingRequest.builder().model("text-embedding-3-small").input(List.of("a", "b")).build());
    try (ResponseStream<ChatCompletionChunk> chunks = tollgate.chat().stream(chatRequest())) {
      chunks.forEach(c -> { });
    }

    upstream.verify(1, postRequestedFor(urlEqualTo("/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21")));
    assertThat(sink.events).extracting(e -> e.usage().promptTokens()).containsExactly(16L, 19L);
  }
}
