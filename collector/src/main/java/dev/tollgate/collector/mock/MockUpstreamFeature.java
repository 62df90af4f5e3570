package dev.tollgate.collector.mock;

import dev.tollgate.collector.common.FeatureContext;

/** The simulated OpenAI-compatible upstream that dev mode serves at /mock/v1. */
public final class MockUpstreamFeature {

  private MockUpstreamFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    // Not built yet.
  }
}
