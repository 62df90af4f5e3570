package dev.tollgate.collector.usage;

import dev.tollgate.collector.common.FeatureContext;

/** Usage ingest: validation, idempotency, rating and rollups in one transaction per batch. */
public final class UsageFeature {

  private UsageFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    // Not built yet.
  }
}
