package dev.tollgate.collector.dev.upstream;

import java.util.List;

/**
 * One simulated generation, whichever API asked for it.
 *
 * @param model the model as answered (a dated snapshot of a known alias)
 * @param seed what the answer and the latency were derived from
 * @param promptTokens the prompt's tokens, framing included
 * @param cachedTokens the prompt's leading tokens found in the prompt cache
 * @param reasoningTokens hidden reasoning tokens (reasoning models only), billed as output
 * @param text the visible answer
 * @param textTokens the visible answer's tokens
 * @param truncated whether the caller's token limit cut the answer short
 * @param chunks the answer split into stream deltas
 * @param toolCall the function the answer calls (its arguments are {@code text}), or null
 */
record Completion(String model, long seed, int promptTokens, int cachedTokens, int reasoningTokens,
    String text, int textTokens, boolean truncated, List<String> chunks, Structured.ToolCall toolCall) {

  int outputTokens() {
    return reasoningTokens + textTokens;
  }

  int totalTokens() {
    return promptTokens + outputTokens();
  }
}
