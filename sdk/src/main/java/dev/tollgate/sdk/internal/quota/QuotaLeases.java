package dev.tollgate.sdk.internal.quota;

import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.metrics.TollgateMetrics;
import dev.tollgate.sdk.CollectorUnavailableException;
import dev.tollgate.sdk.FailMode;
import dev.tollgate.sdk.internal.auth.CredentialsManager;
import dev.tollgate.sdk.internal.collector.CollectorClient;
import dev.tollgate.sdk.internal.collector.CollectorMessages;
import dev.tollgate.sdk.internal.collector.CollectorUnauthorizedException;
import dev.tollgate.sdk.internal.collector.CollectorUnreachableException;
import dev.tollgate.sdk.internal.tokens.TokenEstimate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local admission against quota leases, one lease per endpoint and model. A call the current lease
 * covers costs no network round trip; when it runs out or expires, one caller renews it
 * while the others for the same model wait for that renewal. A 402 from the collector
 * surfaces as {@link dev.tollgate.sdk.QuotaExceededException} before any upstream call.
 */
public final class QuotaLeases implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QuotaLeases.class);

  private final CollectorClient collector;
  private final CredentialsManager credentials;
  private final Clock clock;
  private final FailMode failMode;
  private final Duration gracePeriod;
  private final Duration collectorRetryInterval;
  private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

  private final TollgateMetrics metrics;
  private volatile Instant unreachableSince;
  private volatile Instant nextAttemptAfterFailure = Instant.MIN;

  /**
   * Leases from {@code collector}, authenticated by {@code credentials}, telling {@code metrics}
   * of every call refused before it went upstream.
   */
  public QuotaLeases(
      CollectorClient collector, CredentialsManager credentials, Clock clock, FailMode failMode,
      Duration gracePeriod, Duration collectorRetryInterval, TollgateMetrics metrics) {
    this.metrics = metrics;
    this.collector = collector;
    this.credentials = credentials;
    this.clock = clock;
    this.failMode = failMode;
    this.gracePeriod = gracePeriod;
    this.collectorRetryInterval = collectorRetryInterval;
  }

  /**
   * Admits one call to {@code model} at {@code endpoint} expected to use {@code estimatedTokens},
   * renewing the lease if needed.
   */
  public Admission admit(String endpoint, String model, long estimatedTokens) {
    return admit(endpoint, model, TokenEstimate.exactly(estimatedTokens));
  }

  /**
   * Admits one call to {@code model}, renewing the lease if needed. While the lease has room
   * for the estimate's upper bound the call takes that; the exact count is made only near the
   * end of a grant and for a renewal.
   */
  public Admission admit(String endpoint, String model, TokenEstimate estimate) {
    try {
      return admitOrThrow(endpoint, model, estimate);
    } catch (QuotaExceededException e) {
      metrics.callRefused(endpoint, model, TollgateMetrics.REFUSED);
      throw e;
    } catch (CollectorUnavailableException e) {
      metrics.callRefused(endpoint, model, TollgateMetrics.UNAVAILABLE);
      throw e;
    }
  }

  /**
   * What is left, summed over the unexpired leases that grant {@code unit} (tokens, requests,
   * cost); NaN when none does.
   */
  public double remaining(String unit) {
    Instant now = clock.instant();
    double sum = Double.NaN;
    for (Slot slot : slots.values()) {
      Lease lease = slot.lease;
      if (lease != null && now.isBefore(lease.expiresAt())) {
        double left = lease.left(unit);
        if (!Double.isNaN(left)) {
          sum = Double.isNaN(sum) ? left : sum + left;
        }
      }
    }
    return sum;
  }

  private Admission admitOrThrow(String endpoint, String model, TokenEstimate estimate) {
    // One lease per endpoint and model: the collector checks the endpoint against the team's product.
    Slot slot = slots.computeIfAbsent(endpoint + ' ' + model, key -> new Slot());
    Lease lease = slot.lease;
    if (lease != null) {
      long output = estimate.outputLimit();
      long bound = estimate.upperBound();
      long boundCost = lease.costOf(bound - output, output);
      boolean roomy = lease.covers(bound, boundCost);
      long tokens = roomy ? bound : estimate.exact();
      long cost = roomy ? boundCost : lease.costOf(promptPart(tokens, output), tokens - promptPart(tokens, output));
      if (lease.tryAdmit(clock.instant(), tokens, cost)) {
        return new Admission(lease, tokens, cost);
      }
    }
    long estimatedTokens = estimate.exact();
    long estimatedPrompt = promptPart(estimatedTokens, estimate.outputLimit());
    synchronized (slot) {
      Instant now = clock.instant();
      Lease latest = slot.lease;
      if (latest != null && latest != lease) {
        long cost = latest.costOf(estimatedPrompt, estimatedTokens - estimatedPrompt);
        if (latest.tryAdmit(now, estimatedTokens, cost)) {
          return new Admission(latest, estimatedTokens, cost);
        }
      }
      if (now.isBefore(nextAttemptAfterFailure)) {
        return degraded(model, now, null);
      }
      try {
        Lease replaced = latest != null && now.isBefore(latest.expiresAt()) ? latest : null;
        Lease renewed = renew(endpoint, model, estimatedTokens, estimatedPrompt, replaced, now);
        slot.lease = renewed;
        long cost = renewed.costOf(estimatedPrompt, estimatedTokens - estimatedPrompt);
        renewed.forceAdmit(estimatedTokens, cost);
        return new Admission(renewed, estimatedTokens, cost);
      } catch (CollectorUnreachableException e) {
        if (unreachableSince == null) {
          unreachableSince = now;
        }
        nextAttemptAfterFailure = now.plus(collectorRetryInterval);
        return degraded(model, now, e);
      }
    }
  }

  /** The prompt's share of {@code tokens} estimated for a call that may write {@code outputLimit}. */
  private static long promptPart(long tokens, long outputLimit) {
    return Math.max(0, tokens - outputLimit);
  }

  /**
   * Asks for a new lease. A still-valid {@code replaced} lease is reported with what its calls
   * took (estimates of calls still running included), and the collector settles it first: its unused part returns at once, what was used stays reserved until the
   * events arrive, so a hard quota cannot be granted twice.
   */
  private Lease renew(String endpoint, String model, long estimatedTokens, long estimatedPrompt, Lease replaced,
      Instant now) throws CollectorUnreachableException {
    CollectorMessages.LeaseRequest request = new CollectorMessages.LeaseRequest(
        model, endpoint, new CollectorMessages.Estimate(null, estimatedTokens, 1L, estimatedPrompt),
        replaced == null ? null : new CollectorMessages.Replaces(replaced.id(), replaced.used()));
    CollectorMessages.LeaseResponse r;
    String token = credentials.accessToken();
    try {
      r = collector.lease(token, request);
    } catch (CollectorUnauthorizedException e) {
      credentials.invalidate(token);
      try {
        r = collector.lease(credentials.accessToken(), request);
      } catch (CollectorUnauthorizedException again) {
        throw new dev.tollgate.sdk.AuthenticationException("The collector refused a freshly issued access token");
      }
    }
    unreachableSince = null;
    nextAttemptAfterFailure = Instant.MIN;
    Lease lease = Lease.of(r, now.plusSeconds(60));
    LOG.debug("Quota lease {} for {} until {}", lease.id(), model, lease.expiresAt());
    return lease;
  }

  private Admission degraded(String model, Instant now, CollectorUnreachableException cause) {
    Instant since = unreachableSince == null ? now : unreachableSince;
    if (failMode == FailMode.OPEN && now.isBefore(since.plus(gracePeriod))) {
      LOG.warn("Tollgate collector unreachable; admitting a call to {} without a quota lease (fail mode OPEN)", model);
      return new Admission(null, 0, 0);
    }
    throw new CollectorUnavailableException(
        "Tollgate collector unreachable; cannot renew the quota lease for " + model + " (fail mode " + failMode + ")",
        cause);
  }

  /**
   * Returns what is left of unexpired leases to the collector, best effort; skipped while
   * the collector is known to be unreachable, so that closing never waits on timeouts.
   */
  @Override
  public void close() {
    Instant now = clock.instant();
    if (unreachableSince != null) {
      return;
    }
    for (Slot slot : slots.values()) {
      Lease lease = slot.lease;
      if (lease == null || !now.isBefore(lease.expiresAt())) {
        continue;
      }
      try {
        collector.settle(credentials.accessToken(), lease.id(), lease.used());
      } catch (Exception e) {
        LOG.debug("Could not settle quota lease {} on close: {}", lease.id(), e.getMessage());
      }
    }
  }

  private static final class Slot {
    volatile Lease lease;
  }
}
