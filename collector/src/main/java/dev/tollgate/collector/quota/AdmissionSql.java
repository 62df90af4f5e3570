package dev.tollgate.collector.quota;

import dev.tollgate.collector.pricing.PricingDao;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    return contexts(h, List.of(new Asking(clientId, endpoint, model)), now).get(0);
  }

  /** A client asking for a lease for {@code endpoint} and {@code model}. */
  record Asking(UUID clientId, String endpoint, String model) {}

  /** The {@link Context} of each of {@code askings}, in their order, in one round trip (a group of leases). */
  static List<Context> contexts(Handle h, List<Asking> askings, Instant now) {
    Context[] contexts = new Context[askings.size()];
    h.createQuery("""
            SELECT k.i, (SELECT status FROM clients WHERE id = k.client), (SELECT version FROM catalog_version),
                   ARRAY(SELECT id FROM quota_leases
                         WHERE client_id = k.client AND endpoint = k.endpoint AND model = k.model
                           AND settled_at IS NULL AND expires_at > :now
                         ORDER BY id),
                   p.*
            FROM unnest(CAST(:clients AS uuid[]), CAST(:endpoints AS text[]), CAST(:models AS text[]))
                   WITH ORDINALITY AS k(client, endpoint, model, i)
            CROSS JOIN (""" + PricingDao.VERSION + ") p")
        .bind("clients", askings.stream().map(a -> a.clientId().toString()).toArray(String[]::new))
        .bind("endpoints", askings.stream().map(Asking::endpoint).toArray(String[]::new))
        .bind("models", askings.stream().map(Asking::model).toArray(String[]::new))
        .bind("now", now)
        .map((rs, ctx) -> Map.entry(rs.getInt(1) - 1, new Context(rs.getString(2), rs.getLong(3),
            PricingDao.version(rs, 5), List.of((UUID[]) rs.getArray(4).getArray()))))
        .forEach(e -> contexts[e.getKey()] = e.getValue());
    return List.of(contexts);
  }

  static Optional<String> clientStatus(Handle h, UUID clientId) {
    return h.createQuery("SELECT status FROM clients WHERE id = :id").bind("id", clientId)
        .mapTo(String.class).findOne();
  }
}
