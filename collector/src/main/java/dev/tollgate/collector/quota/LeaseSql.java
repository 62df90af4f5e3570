package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of quota leases: creating one, locking it and its open grants to settle it, and the
 * live used and reserved amounts of quotas. Lock order as in {@link CounterSql}.
 */
final class LeaseSql {

  /** A lease as settling sees it. */
  record Lease(Instant expiresAt, boolean settled) {}

  private LeaseSql() {}

  /** A new lease for {@code endpoint} and {@code model} (the key of one lease per client). */
  static void insert(Handle h, UUID leaseId, UUID teamId, UUID clientId, Instant now, Instant expiresAt,
      String endpoint, String model) {
    h.createUpdate("""
            INSERT INTO quota_leases (id, team_id, client_id, created_at, expires_at, endpoint, model)
            VALUES (:id, :team, :client, :now, :expires, :endpoint, :model)""")
        .bind("id", leaseId).bind("team", teamId).bind("client", clientId)
        .bind("now", now).bind("expires", expiresAt).bind("endpoint", endpoint).bind("model", model).execute();
  }

  /** The caller's own lease, locked; empty if no such lease is the caller's. */
  static Optional<Lease> lock(Handle h, UUID leaseId, UUID teamId, UUID clientId) {
    return h.createQuery("""
            SELECT expires_at, settled_at FROM quota_leases
            WHERE id = :id AND team_id = :team AND client_id = :client FOR UPDATE""")
        .bind("id", leaseId).bind("team", teamId).bind("client", clientId)
        .map((rs, ctx) -> new Lease(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getObject(2) != null))
        .findOne();
  }

  /** The lease's grants not yet released, locked in quota order. */
  static List<CounterSql.Grant> lockOpenGrants(Handle h, UUID leaseId) {
    return h.createQuery("""
            SELECT lease_id, quota_id, period_start, amount, used, instance_lease_id FROM quota_lease_grants
            WHERE lease_id = :id AND NOT released ORDER BY quota_id FOR UPDATE""")
        .bind("id", leaseId)
        .map(CounterSql::grant)
        .list();
  }

  /** The unit of each quota the lease has a grant of. */
  static Map<UUID, String> grantUnits(Handle h, UUID leaseId) {
    Map<UUID, String> out = new TreeMap<>();
    h.createQuery("""
            SELECT q.id, q.unit FROM quotas q JOIN quota_lease_grants g ON g.quota_id = q.id
            WHERE g.lease_id = :id""")
        .bind("id", leaseId)
        .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  static void markSettled(Handle h, UUID leaseId, Instant now) {
    h.createUpdate("UPDATE quota_leases SET settled_at = :now WHERE id = :id")
        .bind("now", now).bind("id", leaseId).execute();
  }

  /**
   * Used and reserved of each quota {@code ids[i]} in the period starting {@code starts[i]}:
   * {@code {used, reserved}} by quota id. Reserved is the counter's, less what expired leases
   * and expired instance leases still hold there until the next lease on the quota releases them.
   */
  static Map<UUID, BigDecimal[]> usedAndReserved(Handle h, String[] ids, String[] starts, Instant now) {
    Map<UUID, BigDecimal[]> values = new HashMap<>();
    h.createQuery("""
            SELECT k.id, COALESCE(c.used, 0) AS used,
                   GREATEST(0, COALESCE(c.reserved, 0) - (SELECT COALESCE(sum(g.amount - g.used), 0)
                    FROM quota_lease_grants g JOIN quota_leases l ON l.id = g.lease_id
                    WHERE g.quota_id = k.id AND g.period_start = k.start AND NOT g.released
                      AND g.instance_lease_id IS NULL AND l.expires_at <= :now)
                   - (SELECT COALESCE(sum(i.amount), 0) FROM quota_instance_leases i
                      WHERE i.quota_id = k.id AND i.period_start = k.start AND NOT i.released
                        AND i.expires_at <= :now)) AS reserved
            FROM unnest(CAST(:ids AS uuid[]), CAST(:starts AS timestamptz[])) AS k(id, start)
            LEFT JOIN quota_counters c ON c.quota_id = k.id AND c.period_start = k.start""")
        .bind("ids", ids).bind("starts", starts).bind("now", now)
        .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class),
            new BigDecimal[] {rs.getBigDecimal(2), rs.getBigDecimal(3)}))
        .forEach(e -> values.put(e.getKey(), e.getValue()));
    return values;
  }
}
