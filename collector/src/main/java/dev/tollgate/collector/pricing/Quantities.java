package dev.tollgate.collector.pricing;

/** The token counts of one event; parts are included in their wholes. Every event is also one request. */
public record Quantities(long promptTokens, long cachedPromptTokens, long cacheWritePromptTokens,
    long audioPromptTokens, long completionTokens, long reasoningTokens, long audioCompletionTokens) {

  public static final Quantities NONE = new Quantities(0, 0, 0, 0, 0, 0, 0);

  public long of(Element element) {
    return switch (element) {
      case PROMPT_TOKENS -> promptTokens;
      case CACHED_PROMPT_TOKENS -> cachedPromptTokens;
      case CACHE_WRITE_PROMPT_TOKENS -> cacheWritePromptTokens;
      case AUDIO_PROMPT_TOKENS -> audioPromptTokens;
      case COMPLETION_TOKENS -> completionTokens;
      case REASONING_TOKENS -> reasoningTokens;
      case AUDIO_COMPLETION_TOKENS -> audioCompletionTokens;
      case REQUESTS -> 1;
    };
  }

  /**
   * What a {@code tokens} quota consumes. Checked: ingest bounds each count to 10^9, and a
   * sum that wrapped would turn a hard quota's usage negative.
   */
  public long totalTokens() {
    return Math.addExact(promptTokens, completionTokens);
  }
}
