package dev.tollgate.sdk.internal.tokens;

import java.util.function.LongSupplier;

/**
 * A call's token estimate in two precisions: a cheap upper bound (UTF-8 bytes of the prompt
 * plus the output limit) and the exact tokenizer count, computed at most once and only when
 * asked for. Admission uses the bound while the lease has room for it and counts exactly only
 * near the end of a grant, so the tokenizer, the costliest step of a call, stays off the hot
 * path. Either way the lease is corrected with the provider's actual usage after the call. Not
 * thread-safe: one call's thread uses it (a race would only count twice).
 */
public final class TokenEstimate {

  private final long upperBound;
  private final LongSupplier promptCount;
  private final long outputLimit;
  private long prompt = -1;

  /**
   * An estimate.
   *
   * @param upperBound at least as many tokens as the call can use
   * @param promptCount counts the prompt's tokens exactly (called at most once)
   * @param outputLimit the output tokens the call may produce
   */
  public TokenEstimate(long upperBound, LongSupplier promptCount, long outputLimit) {
    this.upperBound = upperBound;
    this.promptCount = promptCount;
    this.outputLimit = outputLimit;
  }

  /** An estimate already known exactly, all of it prompt. */
  public static TokenEstimate exactly(long tokens) {
    return new TokenEstimate(tokens, () -> tokens, 0);
  }

  /** The output tokens the call may produce (counted as completion). */
  public long outputLimit() {
    return outputLimit;
  }

  /** At least as many tokens as the call can use. */
  public long upperBound() {
    return upperBound;
  }

  /** The tokenizer's count of the prompt, computed on first use. */
  public long prompt() {
    if (prompt < 0) {
      prompt = promptCount.getAsLong();
    }
    return prompt;
  }

  /** The prompt's tokens plus the output limit (never above the upper bound). */
  public long exact() {
    return Math.min(upperBound, prompt() + outputLimit);
  }
}
