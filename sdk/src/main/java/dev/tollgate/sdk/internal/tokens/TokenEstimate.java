package dev.tollgate.sdk.internal.tokens;

import java.util.function.LongSupplier;

/**
 * A call's token estimate in two precisions: a cheap upper bound (UTF-8 bytes of the prompt
 * plus the output limit) and the exact tokenizer count, computed at most once and only when
 * asked for. Admission uses the bound while the lease has room for it and counts exactly only
 * near the end of a grant, so the tokenizer, the costliest step of a call, stays off the hot
 * path. Either way the lease is corrected with the provider's actual usage after the call.
 */
public final class TokenEstimate {

  private final long upperBound;
  private final LongSupplier exactCount;
  private long exact = -1;

  public TokenEstimate(long upperBound, LongSupplier exactCount) {
    this.upperBound = upperBound;
    this.exactCount = exactCount;
  }

  /** An estimate already known exactly. */
  public static TokenEstimate exactly(long tokens) {
    return new TokenEstimate(tokens, () -> tokens);
  }

  /** At least as many tokens as the call can use. */
  public long upperBound() {
    return upperBound;
  }

  /** The tokenizer's estimate, computed on first use. */
  public long exact() {
    if (exact < 0) {
      exact = Math.min(upperBound, exactCount.getAsLong());
    }
    return exact;
  }
}
