package dev.tollgate.collector.periods;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FeatureContext;

/** Closing billing months. */
public final class PeriodsFeature {

  private PeriodsFeature() {}

  /** Registers this feature's resource. */
  public static void register(FeatureContext context) {
    context.environment().jersey().register(new PeriodsResource(new PeriodService(context.jdbi(), context.clock(),
        new AuditLog(context.environment().getObjectMapper(), context.clock()))));
  }
}
