package dev.tollgate.collector.dev.upstream;

import java.util.SplittableRandom;

/** Turns a laid-out prompt into a {@link Completion}: answer, token counts and prompt-cache hits. */
final class Generator {

  private final TokenCounter tokens;
  private final PromptCache cache;

  Generator(TokenCounter tokens, PromptCache cache) {
    this.tokens = tokens;
    this.cache = cache;
  }

  TokenCounter tokens() {
    return tokens;
  }

  /**
   * Generates for {@code prompt}.
   *
   * @param requestedModel the model as requested
   * @param cacheScope who the prompt cache is shared by (the caller's API key)
   * @param limit the caller's output token limit (reasoning included), or null
   */
  Completion generate(String requestedModel, TokenCounter.Prompt prompt, String cacheScope, Integer limit) {
    return generate(requestedModel, prompt, cacheScope, limit, null, null);
  }

  /**
   * Generates for {@code prompt} an answer whose text is {@code fixedText} (a structured answer:
   * JSON, or a tool call's arguments), never cut by the limit; null {@code fixedText} writes one.
   */
  Completion generate(String requestedModel, TokenCounter.Prompt prompt, String cacheScope, Integer limit,
      String fixedText, Structured.ToolCall toolCall) {
    String model = ModelCatalog.answeredAs(requestedModel);
    int[] promptTokens = prompt.tokens();
    long seed = Answers.seed(model, prompt.fingerprint());
    int reasoning = 0;
    Integer visibleLimit = limit;
    if (ModelCatalog.reasons(requestedModel)) {
      reasoning = 64 * (1 + new SplittableRandom(~seed).nextInt(7));
      if (limit != null && limit > 0) {
        reasoning = Math.min(reasoning, limit / 2);
        visibleLimit = Math.max(1, limit - reasoning);
      }
    }
    Answers.Answer answer = fixedText != null
        ? new Answers.Answer(fixedText, tokens.count(requestedModel, fixedText), false, Answers.chunks(fixedText))
        : Answers.write(seed, tokens.encodingFor(requestedModel), visibleLimit);
    int cached = cache.lookupAndRemember(model + '\u0000' + cacheScope, promptTokens);
    return new Completion(model, seed, promptTokens.length, cached, reasoning, answer.text(), answer.tokens(),
        answer.truncated(), answer.chunks(), toolCall);
  }
}
