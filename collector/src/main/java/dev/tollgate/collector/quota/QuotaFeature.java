package dev.tollgate.collector.quota;

import dev.tollgate.collector.TollgateConfiguration;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.sources.SourceClassifier;

/** Quota leases: reserve, settle, and the caller's quota state. */
public final class QuotaFeature {

  private QuotaFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    TollgateConfiguration config = context.config();
    SourceClassifier sources = new SourceClassifier(context.jdbi(), context.clock(), SourceClassifier.DEFAULT_TTL);
    LeaseService leases = new LeaseService(context.jdbi(), context.clock(), sources,
        config.getQuotaLeaseTtl().toJavaDuration(), config.getQuotaLeaseMaxFractionOfLimit(),
        config.getQuotaLeaseMaxFractionOfRemaining(), new PriceBookCache());
    context.environment().jersey().register(new QuotaResource(leases, new SettleService(context.jdbi(),
        context.clock()), context.jdbi(), context.clock()));
  }
}
