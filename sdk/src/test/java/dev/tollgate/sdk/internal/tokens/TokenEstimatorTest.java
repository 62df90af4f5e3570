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
}
