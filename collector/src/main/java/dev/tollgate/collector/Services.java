package dev.tollgate.collector;

import dev.tollgate.collector.admin.AdminFeature;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.credentials.CredentialsFeature;
import dev.tollgate.collector.dev.upstream.MockUpstreamFeature;
import dev.tollgate.collector.pricing.PricingFeature;
import dev.tollgate.collector.quota.QuotaFeature;
import dev.tollgate.collector.reports.ReportsFeature;
import dev.tollgate.collector.usage.UsageFeature;

/** Wires each feature package's resources, services and background work. */
final class Services {

  private final FeatureContext context;

  Services(FeatureContext context) {
    this.context = context;
  }

  void register() {
    AdminFeature.register(context);
    PricingFeature.register(context);
    CredentialsFeature.register(context);
    QuotaFeature.register(context);
    UsageFeature.register(context);
    ReportsFeature.register(context);
    if (context.config().isDevMode()) {
      MockUpstreamFeature.register(context);
    }
  }
}
