package dev.tollgate.sdk.internal.quota;

import dev.tollgate.sdk.internal.collector.CollectorMessages;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quota lease held locally. Token and request grants are counted down exactly (and
 * corrected with the actual usage after each call). A {@code cost} grant is counted down in
 * cost: each call's prompt tokens at the collector's {@code cost_per_prompt_token} bound and its
 * completion tokens at {@code cost_per_completion_token} (both {@code cost_per_token} from a
 * collector that sends only that), so a call is never admitted beyond what the grant covers and
 * a long prompt is not counted at the completion rate, which can be several times higher.
 * Without a bound (an unpriced model, whose calls cost nothing) a cost grant admits until the
 * lease expires or another grant runs out. A lease without grants (no quotas) admits until it
 * expires.
 */
final class Lease {

  private static final long UNLIMITED = Long.MAX_VALUE / 4;
  /** Cost is counted in whole units of 10^-12 of the currency: rates rounded up, grants down. */
  private static final int COST_SCALE = 12;

  private final String id;
  private final Instant expiresAt;
  private final long tokensGranted;
  private final long requestsGranted;
  private final long costGranted;
  private final AtomicLong tokensLeft;
  private final AtomicLong requestsLeft;
  private final AtomicLong costLeft;
  /** Cost units per prompt and per completion token; 0 when the lease has no counted cost grant. */
  private final long promptRate;
  private final long completionRate;

  private Lease(String id, Instant expiresAt, long tokens, long requests, long cost, long promptRate,
      long completionRate) {
    this.id = id;
    this.expiresAt = expiresAt;
    this.tokensGranted = tokens;
    this.requestsGranted = requests;
    this.costGranted = cost;
    this.tokensLeft = new AtomicLong(tokens);
    this.requestsLeft = new AtomicLong(requests);
    this.costLeft = new AtomicLong(cost);
    this.promptRate = promptRate;
    this.completionRate = completionRate;
  }

  static Lease of(CollectorMessages.LeaseResponse r, Instant fallbackExpiry) {
    long tokens = UNLIMITED;
    long requests = UNLIMITED;
    long cost = UNLIMITED;
    BigDecimal promptBound = r.costPerPromptToken() != null ? r.costPerPromptToken() : r.costPerToken();
    BigDecimal completionBound = r.costPerCompletionToken() != null ? r.costPerCompletionToken() : r.costPerToken();
    boolean bounded = promptBound != null && completionBound != null
        && (promptBound.signum() > 0 || completionBound.signum() > 0);
    if (r.grants() != null) {
      for (CollectorMessages.Grant g : r.grants()) {
        long amount = g.amount() == null ? 0 : g.amount().setScale(0, RoundingMode.DOWN).longValue();
        if ("tokens".equals(g.unit())) {
          tokens = Math.min(tokens, amount);
        } else if ("requests".equals(g.unit())) {
          requests = Math.min(requests, amount);
        } else if ("cost".equals(g.unit()) && g.amount() != null && bounded) {
          cost = Math.min(cost, units(g.amount(), RoundingMode.DOWN));
        }
      }
    }
    boolean counted = cost != UNLIMITED;
    return new Lease(r.leaseId(), r.expiresAt() == null ? fallbackExpiry : r.expiresAt(), tokens, requests, cost,
        counted ? units(promptBound, RoundingMode.UP) : 0, counted ? units(completionBound, RoundingMode.UP) : 0);
  }

  /** An amount in cost units, at most {@link #UNLIMITED}, never negative. */
  private static long units(BigDecimal amount, RoundingMode rounding) {
    BigDecimal units = amount.movePointRight(COST_SCALE).setScale(0, rounding);
    return units.signum() <= 0 ? 0 : units.min(BigDecimal.valueOf(UNLIMITED)).longValueExact();
  }

  String id() {
    return id;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  /** What {@code promptTokens} and {@code completionTokens} may cost, in cost units (0 without a cost grant). */
  long costOf(long promptTokens, long completionTokens) {
    try {
      return Math.min(UNLIMITED, Math.addExact(Math.multiplyExact(Math.max(0, promptTokens), promptRate),
          Math.multiplyExact(Math.max(0, completionTokens), completionRate)));
    } catch (ArithmeticException e) {
      return UNLIMITED;
    }
  }

  /**
   * What is left locally in {@code unit} (tokens, requests, or cost at the collector's bounds);
   * NaN when the lease has no grant in that unit.
   */
  double left(String unit) {
    return switch (unit) {
      case "tokens" -> tokensGranted == UNLIMITED ? Double.NaN : Math.max(0, tokensLeft.get());
      case "requests" -> requestsGranted == UNLIMITED ? Double.NaN : Math.max(0, requestsLeft.get());
      case "cost" -> costGranted == UNLIMITED ? Double.NaN
          : BigDecimal.valueOf(Math.max(0, costLeft.get()), COST_SCALE).doubleValue();
      default -> Double.NaN;
    };
  }

  /** Whether the lease has {@code tokens} and {@code cost} left (a hint: {@link #tryAdmit} decides). */
  boolean covers(long tokens, long cost) {
    return tokensLeft.get() >= tokens && costLeft.get() >= cost;
  }

  /** Takes {@code tokens}, {@code cost} and one request from the lease if it is unexpired and covers them. */
  boolean tryAdmit(Instant now, long tokens, long cost) {
    if (!now.isBefore(expiresAt)) {
      return false;
    }
    if (!take(tokensLeft, tokens)) {
      return false;
    }
    if (!take(costLeft, cost)) {
      tokensLeft.addAndGet(tokens);
      return false;
    }
    if (!take(requestsLeft, 1)) {
      tokensLeft.addAndGet(tokens);
      costLeft.addAndGet(cost);
      return false;
    }
    return true;
  }

  /** Takes what the collector just granted for this call, even if the grant is smaller. */
  void forceAdmit(long tokens, long cost) {
    tokensLeft.addAndGet(-tokens);
    costLeft.addAndGet(-cost);
    requestsLeft.decrementAndGet();
  }

  /** Corrects the count once the actual usage is known. */
  void correct(long tokenDelta, long costDelta, long extraRequests) {
    if (tokenDelta != 0) {
      tokensLeft.addAndGet(-tokenDelta);
    }
    if (costDelta != 0) {
      costLeft.addAndGet(-costDelta);
    }
    if (extraRequests != 0) {
      requestsLeft.addAndGet(-extraRequests);
    }
  }

  /**
   * What was used of the lease, for an early settle or a renewal's {@code replaces}: tokens,
   * requests and cost counted; null for a unit without a grant.
   */
  CollectorMessages.Estimate used() {
    Long tokens = tokensGranted == UNLIMITED ? null : Math.max(0, tokensGranted - tokensLeft.get());
    Long requests = requestsGranted == UNLIMITED ? null : Math.max(0, requestsGranted - requestsLeft.get());
    BigDecimal cost = costGranted == UNLIMITED ? null
        : BigDecimal.valueOf(Math.max(0, costGranted - costLeft.get()), COST_SCALE).stripTrailingZeros();
    return new CollectorMessages.Estimate(cost, tokens, requests, null);
  }

  private static boolean take(AtomicLong left, long amount) {
    while (true) {
      long l = left.get();
      if (l < amount) {
        return false;
      }
      if (left.compareAndSet(l, l - amount)) {
        return true;
      }
    }
  }
}
