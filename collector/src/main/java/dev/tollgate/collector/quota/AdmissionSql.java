package dev.tollgate.collector.quota;

import dev.tollgate.collector.pricing.PricingDao;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The reads on every lease, settle and token request, as plain statements: attaching a SQL
 * object ({@code handle.attach(PlanDao.class)}) builds its method handlers and configuration
 * anew on each call, which cost more CPU than the query itself (docs/benchmarks.md, "Quota
 * leases").
 */
final class AdmissionSql {

  private AdmissionSql() {}

  /**
   * What a lease checks before anything else, in one round trip: the client's status (null when
   * there is no such client), the catalog version its team's cached plan is checked against, and
   * the price book's version.
   */
  record Context(String clientStatus, long catalogVersion, PricingDao.Version priceBookVersion) {}

  static Context context(Handle h, UUID clientId) {
    return h.createQuery("""
            SELECT (SELECT status FROM clients WHERE id = :id), (SELECT version FROM catalog_version), p.*
            FROM (""" + PricingDao.VERSION + ") p")
        .bind("id", clientId)
        .map((rs, ctx) -> new Context(rs.getString(1), rs.getLong(2), PricingDao.version(rs, 3)))
        .one();
  }

  static Optional<String> clientStatus(Handle h, UUID clientId) {
    return h.createQuery("SELECT status FROM clients WHERE id = :id").bind("id", clientId)
        .mapTo(String.class).findOne();
  }
}
