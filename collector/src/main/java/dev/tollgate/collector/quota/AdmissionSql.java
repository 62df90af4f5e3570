package dev.tollgate.collector.quota;

import dev.tollgate.collector.pricing.PricingDao;
import java.time.Instant;
import java.util.List;
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
   * What a lease reads before anything else, in one round trip: the client's status (null when
   * there is no such client), the catalog version its team's cached plan is checked against, the
   * price book's version, and the client's open leases for the lease's (endpoint, model), which
   * the new lease replaces.
   */
  record Context(String clientStatus, long catalogVersion, PricingDao.Version priceBookVersion,
      List<UUID> openLeases) {}

  static Context context(Handle h, UUID clientId, String endpoint, String model, Instant now) {
    return h.createQuery("""
            SELECT (SELECT status FROM clients WHERE id = :client), (SELECT version FROM catalog_version),
                   ARRAY(SELECT id FROM quota_leases
                         WHERE client_id = :client AND endpoint = :endpoint AND model = :model
                           AND settled_at IS NULL AND expires_at > :now
                         ORDER BY id),
                   p.*
            FROM (""" + PricingDao.VERSION + ") p")
        .bind("client", clientId).bind("endpoint", endpoint).bind("model", model).bind("now", now)
        .map((rs, ctx) -> new Context(rs.getString(1), rs.getLong(2), PricingDao.version(rs, 4),
            List.of((UUID[]) rs.getArray(3).getArray())))
        .one();
  }

  static Optional<String> clientStatus(Handle h, UUID clientId) {
    return h.createQuery("SELECT status FROM clients WHERE id = :id").bind("id", clientId)
        .mapTo(String.class).findOne();
  }
}
