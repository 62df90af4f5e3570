package dev.tollgate.collector.pricing;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FeatureContext;

/** The price book and rating: prices and the models seen in traffic; re-rating lives with usage. */
public final class PricingFeature {

  private PricingFeature() {}

  /**
   * Registers this feature's resources; {@code cache} is the instance's one price book snapshot.
   * Returns the price service, whose models seen the web console shows.
   */
  public static PriceService register(FeatureContext context, PriceBookCache cache) {
    PriceService service = new PriceService(context.jdbi(), context.clock(),
        new AuditLog(context.environment().getObjectMapper(), context.clock()), cache);
    context.environment().jersey().register(new PricesResource(service, context.clock(),
        context.environment().getObjectMapper()));
    context.environment().jersey().register(new ModelsResource(service));
    return service;
  }
}
