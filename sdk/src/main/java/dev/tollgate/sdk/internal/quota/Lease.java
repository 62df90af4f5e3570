package dev.tollgate.sdk.internal.quota;

import dev.tollgate.sdk.internal.collector.CollectorMessages;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quota lease held locally. Token and request grants are counted down exactly (and
 * corrected with the actual usage after each call). A {@code cost} grant is counted as the
 * tokens it buys at the collector's {@code cost_per_token} bound for the model, so a call is
 * never admitted beyond what the grant covers; without that bound (an unpriced model, whose
 * calls cost nothing) it admits until the lease expires or another grant runs out. A lease
 * without grants (no quotas) admits until it expires.
 */
final class Lease {

  private static final long UNLIMITED = Long.MAX_VALUE / 4;

  private final String id;
  private final Instant expiresAt;
  private final long tokensGranted;
  private final long requestsGranted;
  private final AtomicLong tokensLeft;
  private final AtomicLong requestsLeft;
  /** The collector's per-token cost bound when the lease has a cost grant; else null. */
  private final BigDecimal costPerToken;

  private Lease(String id, Instant expiresAt, long tokens, long requests, BigDecimal costPerToken) {
    this.costPerToken = costPerToken;
    this.id = id;
    this.expiresAt = expiresAt;
    this.tokensGranted = tokens;
    this.requestsGranted = requests;
    this.tokensLeft = new AtomicLong(tokens);
    this.requestsLeft = new AtomicLong(requests);
  }

  static Lease of(CollectorMessages.LeaseResponse r, Instant fallbackExpiry) {
    long tokens = UNLIMITED;
    long requests = UNLIMITED;
    BigDecimal costPerToken = null;
    if (r.grants() != null) {
      for (CollectorMessages.Grant g : r.grants()) {
        long amount = g.amount() == null ? 0 : g.amount().setScale(0, java.math.RoundingMode.DOWN).longValue();
        if ("tokens".equals(g.unit())) {
          tokens = Math.min(tokens, amount);
        } else if ("requests".equals(g.unit())) {
          requests = Math.min(requests, amount);
        } else if ("cost".equals(g.unit()) && g.amount() != null && r.costPerToken() != null
            && r.costPerToken().signum() > 0) {
          tokens = Math.min(tokens, g.amount().divide(r.costPerToken(), 0, java.math.RoundingMode.DOWN).longValue());
          costPerToken = r.costPerToken();
        }
      }
    }
    return new Lease(r.leaseId(), r.expiresAt() == null ? fallbackExpiry : r.expiresAt(), tokens, requests,
        costPerToken);
  }

  String id() {
    return id;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  /**
   * What is left locally in {@code unit} (tokens, requests, or cost at the collector's per-token
   * bound); NaN when the lease has no grant in that unit.
   */
  double left(String unit) {
    return switch (unit) {
      case "tokens" -> tokensGranted == UNLIMITED ? Double.NaN : Math.max(0, tokensLeft.get());
      case "requests" -> requestsGranted == UNLIMITED ? Double.NaN : Math.max(0, requestsLeft.get());
      case "cost" -> costPerToken == null ? Double.NaN
          : costPerToken.multiply(BigDecimal.valueOf(Math.max(0, tokensLeft.get()))).doubleValue();
      default -> Double.NaN;
    };
  }

  /** Whether the lease has {@code tokens} left (a hint: {@link #tryAdmit} decides). */
  boolean covers(long tokens) {
    return tokensLeft.get() >= tokens;
  }

  /** Takes {@code tokens} and one request from the lease if it is unexpired and covers them. */
  boolean tryAdmit(Instant now, long tokens) {
    if (!now.isBefore(expiresAt)) {
      return false;
    }
    if (!take(tokensLeft, tokens)) {
      return false;
    }
    if (!take(requestsLeft, 1)) {
      tokensLeft.addAndGet(tokens);
      return false;
    }
    return true;
  }

  /** Takes what the collector just granted for this call, even if the grant is smaller. */
  void forceAdmit(long tokens) {
    tokensLeft.addAndGet(-tokens);
    requestsLeft.decrementAndGet();
  }

  /** Corrects the count once the actual usage is known. */
  void correct(long tokenDelta, long extraRequests) {
    if (tokenDelta != 0) {
      tokensLeft.addAndGet(-tokenDelta);
    }
    if (extraRequests != 0) {
      requestsLeft.addAndGet(-extraRequests);
    }
  }

  /**
   * What was used of the lease, for an early settle: tokens and requests counted, and for a
   * cost grant those tokens at the cost bound; null for a unit without a grant.
   */
  CollectorMessages.Estimate used() {
    Long tokens = tokensGranted == UNLIMITED ? null : Math.max(0, tokensGranted - tokensLeft.get());
    Long requests = requestsGranted == UNLIMITED ? null : Math.max(0, requestsGranted - requestsLeft.get());
    BigDecimal cost = costPerToken == null || tokens == null ? null : costPerToken.multiply(BigDecimal.valueOf(tokens));
    return new CollectorMessages.Estimate(cost, tokens, requests);
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
