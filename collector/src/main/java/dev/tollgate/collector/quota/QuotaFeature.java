package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.FeatureContext;

/** Quota leases: reserve, settle, and the caller's quota state. */
public final class QuotaFeature {

  private QuotaFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    // Not built yet.
  }
}
