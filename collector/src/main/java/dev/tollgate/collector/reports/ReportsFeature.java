package dev.tollgate.collector.reports;

import dev.tollgate.collector.common.FeatureContext;

/** Reports: transactions, usage, performance, chargeback, JSON and CSV. */
public final class ReportsFeature {

  private ReportsFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    // Not built yet.
  }
}
