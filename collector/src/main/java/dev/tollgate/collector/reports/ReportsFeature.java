package dev.tollgate.collector.reports;

import dev.tollgate.collector.common.FeatureContext;

/** Reports: transactions, usage, performance, chargeback, JSON and CSV; the FOCUS file. */
public final class ReportsFeature {

  private ReportsFeature() {}

  /**
   * The settings reports take from the configuration.
   *
   * @param maxRangeDays the longest range a report spans
   * @param exactPercentileLimit the most calls (in a range's whole days) over which performance
   *     percentiles are exact; beyond, the daily latency histograms answer
   * @param billingAccountId the organisation FOCUS files bill ({@code BillingAccountId}) ...
   * @param billingAccountName ... and its name ({@code BillingAccountName})
   */
  public record Settings(int maxRangeDays, long exactPercentileLimit, String billingAccountId, String billingAccountName) {}

  /** Registers this feature's resources; returns the reports they serve, for the web console. */
  public static Reports register(FeatureContext context, Settings settings) {
    var jdbi = context.jdbi();
    Reports reports = new Reports(
        new ReportScopes(jdbi, settings.maxRangeDays()),
        new TransactionsReport(jdbi, context.environment().getObjectMapper()),
        new UsageReport(jdbi),
        new PerformanceReport(jdbi, settings.exactPercentileLimit()),
        new ChargebackReport(jdbi),
        new FocusExport(jdbi, new FocusExport.BillingAccount(settings.billingAccountId(),
            settings.billingAccountName())));
    context.environment().jersey().register(new ReportsResource(reports));
    return reports;
  }
}
