package dev.tollgate.collector.dev;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FeatureContext;
import dev.tollgate.collector.pricing.DefaultPriceBook;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.pricing.PriceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dev mode: the bundled default price book, added when the price table is empty. */
final class DefaultPrices {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultPrices.class);

  private DefaultPrices() {}

  static void seedIfEmpty(FeatureContext context) {
    // A cache of its own: every instance's cache sees the new entries by the book's version.
    PriceService prices = new PriceService(context.jdbi(), context.clock(),
        new AuditLog(context.environment().getObjectMapper(), context.clock()), new PriceBookCache());
    if (prices.isEmpty()) {
      PriceService.Added added = prices.add("system", "price.seeded",
          DefaultPriceBook.load(context.environment().getObjectMapper()));
      LOG.info("Seeded the default price book: {} entries", added.added().size());
    }
  }
}
