package dev.tollgate.collector.reports;

import dev.tollgate.collector.common.FeatureContext;

/** Reports: transactions, usage, performance, chargeback, JSON and CSV. */
public final class ReportsFeature {

  private ReportsFeature() {}

  /** Registers this feature's resources; a report spans at most {@code maxRangeDays}. */
  public static void register(FeatureContext context, int maxRangeDays) {
    var jdbi = context.jdbi();
    context.environment().jersey().register(new ReportsResource(
        new ReportScopes(jdbi, maxRangeDays),
        new TransactionsReport(jdbi, context.environment().getObjectMapper()),
        new UsageReport(jdbi),
        new PerformanceReport(jdbi),
        new ChargebackReport(jdbi)));
  }
}
