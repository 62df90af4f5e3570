package dev.tollgate.collector.quota;

import dev.tollgate.collector.TollgateConfiguration;
import dev.tollgate.collector.common.FeatureContext;

/** Quota leases: reserve, settle, and the caller's quota state. */
public final class QuotaFeature {

  private QuotaFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    TollgateConfiguration config = context.config();
    LeaseService leases = new LeaseService(context.jdbi(), context.clock(), context.sources(),
        config.getQuotaLeaseTtl().toJavaDuration(), config.getQuotaLeaseMaxFractionOfLimit(),
        config.getQuotaLeaseMaxFractionOfRemaining(), config.getQuotaLeaseMaxClientShareOfLimit(), context.prices());
    context.environment().jersey().register(new QuotaResource(leases, new SettleService(context.jdbi(),
        context.clock()), context.jdbi(), context.clock()));
  }
}
