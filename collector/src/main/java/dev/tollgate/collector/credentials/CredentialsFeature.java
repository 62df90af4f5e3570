package dev.tollgate.collector.credentials;

import dev.tollgate.collector.common.FeatureContext;

/** The token endpoint: client credentials to an access token and an upstream credential lease. */
public final class CredentialsFeature {

  private CredentialsFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    // Not built yet.
  }
}
