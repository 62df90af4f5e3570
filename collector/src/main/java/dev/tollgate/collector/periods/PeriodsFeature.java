package dev.tollgate.collector.periods;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FeatureContext;

/** Closing billing months. */
public final class PeriodsFeature {

  private PeriodsFeature() {}

  /** Registers this feature's resource; returns the period service, which the web console closes months with. */
  public static PeriodService register(FeatureContext context) {
    PeriodService periods = new PeriodService(context.jdbi(), context.clock(),
        new AuditLog(context.environment().getObjectMapper(), context.clock()));
    context.environment().jersey().register(new PeriodsResource(periods));
    return periods;
  }
}
