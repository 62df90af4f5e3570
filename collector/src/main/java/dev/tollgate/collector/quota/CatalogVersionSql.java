package dev.tollgate.collector.quota;

import dev.tollgate.collector.pricing.PricingDao;
import org.jdbi.v3.core.Handle;

/** V14's catalog version, which every change to what a team's plan is made of moves. */
public final class CatalogVersionSql {

  /** The catalog version and the price book's version, read together. */
  public record Versions(long catalog, PricingDao.Version priceBook) {}

  private CatalogVersionSql() {}

  static long current(Handle h) {
    return h.createQuery("SELECT version FROM catalog_version").mapTo(Long.class).one();
  }

  /** Both versions in one round trip: what an ingest batch checks its cached plan and price book against. */
  public static Versions both(Handle h) {
    return h.createQuery("SELECT (SELECT version FROM catalog_version), p.* FROM (" + PricingDao.VERSION + ") p")
        .map((rs, ctx) -> new Versions(rs.getLong(1), PricingDao.version(rs, 2)))
        .one();
  }
}
