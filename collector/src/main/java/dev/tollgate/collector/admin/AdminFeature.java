package dev.tollgate.collector.admin;

import dev.tollgate.collector.common.FeatureContext;

/** Administration: teams, clients, provider keys, API keys, sources, products, prices, subscriptions, audit. */
public final class AdminFeature {

  private AdminFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    // Not built yet.
  }
}
