package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.sources.SourceClassifier;
import java.math.BigDecimal;
import java.time.Duration;

/** Quota leases: reserve, settle, and the caller's quota state. */
public final class QuotaFeature {

  /**
   * How leases are cut: their lifetime, the largest share of a quota's limit and of what
   * remains of it that one lease may reserve, and the largest share of the limit that all of
   * one client's open leases may hold together.
   */
  public record LeaseLimits(Duration ttl, BigDecimal maxFractionOfLimit, BigDecimal maxFractionOfRemaining,
      BigDecimal maxClientShareOfLimit) {}

  private QuotaFeature() {}

  /**
   * Registers this feature's resources, with the instance's source rules and price book;
   * returns the lease service, whose quota states the web console shows.
   */
  public static LeaseService register(FeatureContext context, LeaseLimits limits, SourceClassifier sources,
      PriceBookCache prices) {
    LeaseService leases = new LeaseService(context.jdbi(), context.clock(), sources,
        limits.ttl(), limits.maxFractionOfLimit(), limits.maxFractionOfRemaining(),
        limits.maxClientShareOfLimit(), prices);
    context.environment().jersey().register(new QuotaResource(leases, new SettleService(context.jdbi(),
        context.clock()), context.environment().metrics()));
    return leases;
  }
}
