package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** A grant of a new lease; {@code instanceLeaseId} names the instance lease it was cut from, or is null. */
  record NewGrant(UUID quotaId, Instant periodStart, BigDecimal amount, UUID instanceLeaseId) {}

  /** A new lease for {@code endpoint} and {@code model} (the key of one lease per client) and its grants, in one statement. */
  static void insert(Handle h, UUID leaseId, UUID teamId, UUID clientId, Instant now, Instant expiresAt,
      String endpoint, String model, List<NewGrant> grants) {
    h.createUpdate("""
            WITH lease AS (
              INSERT INTO quota_leases (id, team_id, client_id, created_at, expires_at, endpoint, model)
              VALUES (:id, :team, :client, :now, :expires, :endpoint, :model))
            INSERT INTO quota_lease_grants (lease_id, quota_id, period_start, amount, used, released,
              instance_lease_id, granted)
            SELECT :id, q, p, a, 0, FALSE, i, CASE WHEN i IS NULL THEN NULL ELSE a END
            FROM unnest(CAST(:q AS uuid[]), CAST(:p AS timestamptz[]), CAST(:a AS numeric[]), CAST(:i AS uuid[]))
              AS u(q, p, a, i)""")
        .bind("id", leaseId).bind("team", teamId).bind("client", clientId)
        .bind("now", now).bind("expires", expiresAt).bind("endpoint", endpoint).bind("model", model)
        .bind("q", grants.stream().map(g -> g.quotaId().toString()).toArray(String[]::new))
        .bind("p", grants.stream().map(g -> g.periodStart().toString()).toArray(String[]::new))
        .bind("a", grants.stream().map(g -> g.amount().toPlainString()).toArray(String[]::new))
        .bind("i", grants.stream().map(g -> g.instanceLeaseId() == null ? null : g.instanceLeaseId().toString())
            .toArray(String[]::new))
        .execute();
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

  /** An open grant of a lease being settled, with its quota's unit. */
  record OpenGrant(CounterSql.Grant grant, Unit unit) {}

  /** The lease's grants not yet released, locked in quota order, each with its quota's unit. */
  static List<OpenGrant> lockOpenGrants(Handle h, UUID leaseId) {
    return h.createQuery("""
            SELECT g.lease_id, g.quota_id, g.period_start, g.amount, g.used, g.instance_lease_id, q.unit
            FROM quota_lease_grants g JOIN quotas q ON q.id = g.quota_id
            WHERE g.lease_id = :id AND NOT g.released ORDER BY g.quota_id FOR UPDATE OF g""")
        .bind("id", leaseId)
        .map((rs, ctx) -> new OpenGrant(CounterSql.grant(rs, ctx), Unit.fromWire(rs.getString(7))))
        .list();
  }

  /** A grant of a lease being settled: what it keeps reserved from now on, and whether it is released. */
  record SettledGrant(UUID quotaId, BigDecimal amount, boolean released) {}

  /** Marks the lease settled and writes its grants' new amounts, in one statement (the grants are locked). */
  static void markSettled(Handle h, UUID leaseId, List<SettledGrant> grants, Instant now) {
    h.createUpdate("""
            WITH grants AS (
              UPDATE quota_lease_grants g SET amount = u.amount, released = u.released
              FROM unnest(CAST(:q AS uuid[]), CAST(:amount AS numeric[]), CAST(:released AS boolean[]))
                AS u(q, amount, released)
              WHERE g.lease_id = :id AND g.quota_id = u.q)
            UPDATE quota_leases SET settled_at = :now WHERE id = :id""")
        .bind("q", grants.stream().map(g -> g.quotaId().toString()).toArray(String[]::new))
        .bind("amount", grants.stream().map(g -> g.amount().toPlainString()).toArray(String[]::new))
        .bind("released", grants.stream().map(g -> Boolean.toString(g.released())).toArray(String[]::new))
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
