package dev.tollgate.collector.reports;

import dev.tollgate.collector.common.FeatureContext;

/** Reports: transactions, usage, performance, chargeback, JSON and CSV; the FOCUS file. */
public final class ReportsFeature {

  private ReportsFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    var jdbi = context.jdbi();
    context.environment().jersey().register(new ReportsResource(
        new ReportScopes(jdbi, context.config().getReportMaxRangeDays()),
        new TransactionsReport(jdbi, context.environment().getObjectMapper()),
        new UsageReport(jdbi),
        new PerformanceReport(jdbi),
        new ChargebackReport(jdbi),
        new FocusExport(jdbi, new FocusExport.BillingAccount(context.config().getBillingAccountId(),
            context.config().getBillingAccountName()))));
  }
}
