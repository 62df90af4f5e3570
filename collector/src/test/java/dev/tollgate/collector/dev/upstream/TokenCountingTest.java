package dev.tollgate.collector.dev.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Token counts with the real tokenizers, OpenAI's chat framing, and the prompt cache's 128-token blocks. */
class TokenCountingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TokenCounter tokens = new TokenCounter();

  @Test
  void modelsUseTheirTokenizer() {
    String text = "Привет, как дела? Счёт на 4 212,50 евро. こんにちは世界、請求書の合計です。";
    int o200k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE).countTokens(text);
    int cl100k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE).countTokens(text);
    assertThat(o200k).isNotEqualTo(cl100k);

    for (String model : List.of("gpt-4o", "gpt-4o-mini-2024-07-18", "gpt-4.1-nano", "gpt-5", "o3-mini", "o1")) {
      assertThat(tokens.count(model, text)).as(model).isEqualTo(o200k);
    }
    for (String model : List.of("gpt-4", "gpt-3.5-turbo", "text-embedding-3-small", "my-model")) {
      assertThat(tokens.count(model, text)).as(model).isEqualTo(cl100k);
    }
  }

  @Test
  void chatPromptsCountThreeTokensPerMessagePlusRoleContentAndThreeToPrime() {
    var request = JSON.valueToTree(Map.of("messages", List.of(
        Map.of("role", "system", "content", "You are terse."),
        Map.of("role", "user", "content", "What is the invoice total?", "name", "alice"))));

    int counted = Prompts.chat(tokens, "gpt-4o", request).tokens().length;

    int expected = 3 + tokens.count("gpt-4o", "system") + tokens.count("gpt-4o", "You are terse.")
        + 3 + tokens.count("gpt-4o", "user") + tokens.count("gpt-4o", "What is the invoice total?")
        + 1 + tokens.count("gpt-4o", "alice")
        + 3;
    assertThat(counted).isEqualTo(expected);
  }

  @Test
  void promptCacheReportsTheLongestRememberedPrefixIn128TokenBlocks() {
    PromptCache cache = new PromptCache(1000);
    int[] prompt = IntStream.range(0, 1500).toArray();
    int[] sharesFirst1200 = IntStream.range(0, 1500).map(i -> i < 1200 ? i : -i).toArray();

    assertThat(cache.lookupAndRemember("k", IntStream.range(0, 1000).toArray())).isZero();
    assertThat(cache.lookupAndRemember("k", IntStream.range(0, 1000).toArray())).isZero();
    assertThat(cache.lookupAndRemember("k", prompt)).isZero();
    assertThat(cache.lookupAndRemember("k", prompt)).isEqualTo(1408);
    assertThat(cache.lookupAndRemember("k", sharesFirst1200)).isEqualTo(1152);
    assertThat(cache.lookupAndRemember("other key", prompt)).isZero();
  }

  @Test
  void promptCacheForgetsTheLeastRecentlyUsedWhenFull() {
    PromptCache cache = new PromptCache(4);
    int[] first = IntStream.range(0, 1024).toArray();
    cache.lookupAndRemember("k", first);
    for (int i = 1; i <= 4; i++) {
      int offset = i * 10_000;
      cache.lookupAndRemember("k", IntStream.range(offset, offset + 1024).toArray());
    }

    assertThat(cache.lookupAndRemember("k", first)).isZero();
  }

  @Test
  void answersAreDeterministicAndBoundedByTheLimit() {
    var encoding = tokens.encodingFor("gpt-4o");
    Answers.Answer answer = Answers.write(42L, encoding, null);
    assertThat(Answers.write(42L, encoding, null)).isEqualTo(answer);
    assertThat(answer.tokens()).isBetween(16, 140);
    assertThat(String.join("", answer.chunks())).isEqualTo(answer.text());

    Answers.Answer cut = Answers.write(42L, encoding, 7);
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.tokens()).isLessThanOrEqualTo(7);
    assertThat(answer.text()).startsWith(cut.text());
  }

  @Test
  void failureSequenceIsSeeded() {
    FailurePlan one = new FailurePlan(7);
    FailurePlan two = new FailurePlan(7);
    for (int i = 0; i < 50; i++) {
      assertThat(one.failure(null, "0.5", "gpt-4o").map(OpenAiError::status))
          .isEqualTo(two.failure(null, "0.5", "gpt-4o").map(OpenAiError::status));
    }
    assertThat(one.failure(null, "0", "gpt-4o")).isEmpty();
    assertThat(one.failure(null, "1", "gpt-4o")).isPresent();
  }
}
