package dev.tollgate.collector.pricing;

import dev.tollgate.collector.common.FeatureContext;

/** The price book and rating: prices, models seen, re-rating. */
public final class PricingFeature {

  private PricingFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    // Not built yet.
  }
}
