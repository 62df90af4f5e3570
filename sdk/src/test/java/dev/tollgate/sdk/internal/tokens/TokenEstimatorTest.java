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
    assertThat(estimator.estimate(limited, prompt)).isEqualTo(estimator.estimate(limited)).isEqualTo(prompt + 300);
    assertThat(estimator.estimate(unlimited, prompt)).isEqualTo(estimator.estimate(unlimited)).isEqualTo(prompt + 1024);
  }

  @Test
  void aResponsesEstimateFromAnAlreadyCountedInputEqualsTheFullEstimate() {
    ResponseRequest limited = ResponseRequest.builder().model("o3-mini").instructions("Answer with a number.")
        .input("Invoice total?").maxOutputTokens(500).build();
    ResponseRequest unlimited = limited.toBuilder().maxOutputTokens(null).build();

    long input = estimator.prompt(limited);

    assertThat(input).isGreaterThan(4);
    assertThat(estimator.estimate(limited, input)).isEqualTo(estimator.estimate(limited)).isEqualTo(input + 500);
    assertThat(estimator.estimate(unlimited, input)).isEqualTo(estimator.estimate(unlimited)).isEqualTo(input + 1024);
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
      return estimator.estimate(request);
    });

    assertThat(lazy.upperBound()).isGreaterThanOrEqualTo(estimator.estimate(request));
    assertThat(exactCounts[0]).isZero();
    assertThat(lazy.exact()).isEqualTo(estimator.estimate(request));
    assertThat(lazy.exact()).isEqualTo(estimator.estimate(request));
    assertThat(exactCounts[0]).isEqualTo(1);
    assertThat(estimator.lazyEstimate(request).exact()).isEqualTo(estimator.estimate(request));
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
