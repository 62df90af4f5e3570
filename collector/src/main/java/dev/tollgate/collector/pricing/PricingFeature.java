package dev.tollgate.collector.pricing;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FeatureContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The price book and rating: prices, models seen; re-rating lives with usage. */
public final class PricingFeature {

  private static final Logger LOG = LoggerFactory.getLogger(PricingFeature.class);

  private PricingFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    PriceBookCache cache = context.prices();
    PriceService service = new PriceService(context.jdbi(), context.clock(),
        new AuditLog(context.environment().getObjectMapper(), context.clock()), cache);
    if (context.config().isDevMode()) {
      seedDefaultBook(context, service);
    }
    context.environment().jersey().register(new PricesResource(service, context.clock(),
        context.environment().getObjectMapper()));
    context.environment().jersey().register(new ModelsResource(service, context.jdbi()));
  }

  private static void seedDefaultBook(FeatureContext context, PriceService service) {
    long count = context.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM prices").mapTo(Long.class).one());
    if (count == 0) {
      PriceService.Added added = service.add("system", "price.seeded",
          DefaultPriceBook.load(context.environment().getObjectMapper()));
      LOG.info("Seeded the default price book: {} entries", added.added().size());
    }
  }
}
