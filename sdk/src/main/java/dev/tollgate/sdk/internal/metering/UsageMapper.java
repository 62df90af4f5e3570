package dev.tollgate.sdk.internal.metering;

import dev.tollgate.sdk.chat.CompletionUsage;
import dev.tollgate.sdk.embeddings.EmbeddingResponse;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.responses.ResponseUsage;

/** Maps the usage objects of provider answers to the metering elements of a usage event. */
public final class UsageMapper {

  private UsageMapper() {}

  /** Chat completions: prompt/completion tokens and their details. */
  public static UsageEvent.Usage fromChat(CompletionUsage u) {
    if (u == null) {
      return null;
    }
    CompletionUsage.PromptTokensDetails p = u.promptTokensDetails();
    CompletionUsage.CompletionTokensDetails c = u.completionTokensDetails();
    return new UsageEvent.Usage(
        n(u.promptTokens()),
        p == null ? 0 : n(p.cachedTokens()),
        p == null ? 0 : n(p.cacheWriteTokens()),
        p == null ? 0 : n(p.audioTokens()),
        n(u.completionTokens()),
        c == null ? 0 : n(c.reasoningTokens()),
        c == null ? 0 : n(c.audioTokens()),
        false);
  }

  /** The Responses API: input/output tokens and their details. */
  public static UsageEvent.Usage fromResponses(ResponseUsage u) {
    if (u == null) {
      return null;
    }
    ResponseUsage.InputTokensDetails in = u.inputTokensDetails();
    ResponseUsage.OutputTokensDetails out = u.outputTokensDetails();
    return new UsageEvent.Usage(
        n(u.inputTokens()),
        in == null ? 0 : n(in.cachedTokens()),
        in == null ? 0 : n(in.cacheWriteTokens()),
        in == null ? 0 : n(in.audioTokens()),
        n(u.outputTokens()),
        out == null ? 0 : n(out.reasoningTokens()),
        out == null ? 0 : n(out.audioTokens()),
        false);
  }

  /** Embeddings: prompt tokens only. */
  public static UsageEvent.Usage fromEmbeddings(EmbeddingResponse.Usage u) {
    if (u == null) {
      return null;
    }
    return new UsageEvent.Usage(n(u.promptTokens()), 0, 0, 0, 0, 0, 0, false);
  }

  /** Usage the SDK counted itself, after a stream was closed early or broken off. */
  public static UsageEvent.Usage estimated(long promptTokens, long completionTokens) {
    return new UsageEvent.Usage(promptTokens, 0, 0, 0, completionTokens, 0, 0, true);
  }

  /** The tokens a usage counts against a token quota (prompt plus completion). */
  public static long tokens(UsageEvent.Usage u) {
    return u == null ? 0 : u.promptTokens() + u.completionTokens();
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }
}
