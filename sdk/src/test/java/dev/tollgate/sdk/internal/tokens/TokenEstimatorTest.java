package dev.tollgate.sdk.internal.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sdk.chat.ChatCompletionRequest;
import dev.tollgate.sdk.responses.ResponseRequest;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

  private final TokenEstimator estimator = new TokenEstimator(1024);

  @Test
  void aChatEstimateFromAnAlreadyCountedPromptEqualsTheFullEstimate() {
    ChatCompletionRequest limited = ChatCompletionRequest.builder().model("gpt-4o-mini")
        .addSystemMessage("You are terse.").addUserMessage("Summarise the quarter in one sentence.")
        .maxCompletionTokens(300).build();
    ChatCompletionRequest unlimited = limited.toBuilder().maxCompletionTokens(null).build();

    long prompt = estimator.prompt(limited);

    assertThat(prompt).isGreaterThan(10);
    assertThat(estimator.lazyEstimate(limited).prompt()).isEqualTo(prompt);
    assertThat(estimator.estimate(limited)).isEqualTo(prompt + 300);
    assertThat(estimator.estimate(unlimited)).isEqualTo(prompt + 1024);
  }

  @Test
  void aResponsesEstimateFromAnAlreadyCountedInputEqualsTheFullEstimate() {
    ResponseRequest limited = ResponseRequest.builder().model("o3-mini").instructions("Answer with a number.")
        .input("Invoice total?").maxOutputTokens(500).build();
    ResponseRequest unlimited = limited.toBuilder().maxOutputTokens(null).build();

    long input = estimator.prompt(limited);

    assertThat(input).isGreaterThan(4);
    assertThat(estimator.lazyEstimate(limited).prompt()).isEqualTo(input);
    assertThat(estimator.estimate(limited)).isEqualTo(input + 500);
    assertThat(estimator.estimate(unlimited)).isEqualTo(input + 1024);
  }

  @Test
  void theLazyEstimateIsAnUpperBoundAndCountsExactlyOnlyWhenAsked() {
    ChatCompletionRequest request = ChatCompletionRequest.builder().model("gpt-4o-mini")
        .addSystemMessage("Réponds en français, s'il te plaît. 日本語も大丈夫です。 😀")
        .addUserMessage("Summarise the quarter: revenue up 12 %, costs flat, two new customers.")
        .maxTokens(200).build();
    int[] exactCounts = {0};

    TokenEstimate lazy = new TokenEstimate(estimator.lazyEstimate(request).upperBound(), () -> {
      exactCounts[0]++;
      return estimator.prompt(request);
    }, 200);

    assertThat(lazy.upperBound()).isGreaterThanOrEqualTo(estimator.estimate(request));
    assertThat(exactCounts[0]).isZero();
    assertThat(lazy.exact()).isEqualTo(estimator.estimate(request));
    assertThat(lazy.exact()).isEqualTo(estimator.estimate(request));
    assertThat(exactCounts[0]).isEqualTo(1);
    assertThat(estimator.lazyEstimate(request).exact()).isEqualTo(estimator.estimate(request));
  }

  @Test
  void aJsonBodyIsCountedAsItsTypedRequestIs() throws Exception {
    ChatCompletionRequest chat = ChatCompletionRequest.builder().model("gpt-4o-mini")
        .addSystemMessage("You are terse.").addUserMessage("Summarise the quarter in one sentence.")
        .maxCompletionTokens(300).build();
    ResponseRequest responses = ResponseRequest.builder().model("o3-mini").instructions("Answer with a number.")
        .input("Invoice total?").maxOutputTokens(500).build();
    com.fasterxml.jackson.databind.ObjectMapper json = dev.tollgate.sdk.internal.json.Json.mapper();

    byte[] chatBody = json.writeValueAsBytes(chat);
    TokenEstimate fromChatBody = estimator.lazyEstimate("chat/completions", chatBody, 300L, () -> readTree(chatBody));
    byte[] responsesBody = json.writeValueAsBytes(responses);
    TokenEstimate fromResponsesBody =
        estimator.lazyEstimate("responses", responsesBody, null, () -> readTree(responsesBody));

    assertThat(fromChatBody.exact()).isEqualTo(estimator.estimate(chat));
    assertThat(fromChatBody.upperBound()).isEqualTo(chatBody.length + 300);
    assertThat(fromResponsesBody.prompt()).isEqualTo(estimator.prompt(responses));
    assertThat(fromResponsesBody.exact()).isEqualTo(estimator.prompt(responses) + 1024);
    assertThat(estimator.lazyEstimate("moderations", chatBody, null, () -> readTree(chatBody)).exact()).isZero();
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] body) {
    try {
      return dev.tollgate.sdk.internal.json.Json.mapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void utf8BytesCountsEveryEncodingWidth() {
    assertThat(TokenEstimator.utf8Bytes("abc")).isEqualTo(3);
    assertThat(TokenEstimator.utf8Bytes("é")).isEqualTo(2);
    assertThat(TokenEstimator.utf8Bytes("日")).isEqualTo(3);
    assertThat(TokenEstimator.utf8Bytes("😀")).isEqualTo(4);
    assertThat(TokenEstimator.utf8Bytes("a😀é")).isEqualTo("a😀é".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }
}
