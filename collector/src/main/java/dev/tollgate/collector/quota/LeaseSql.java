package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of quota leases: creating one, locking it and its open grants to settle it, and the
 * live used and reserved amounts of quotas. Lock order as in {@link CounterSql}.
 */
final class LeaseSql {

  /** A lease as settling sees it: its client, when it expires, whether it is settled. */
  record Lease(UUID clientId, Instant expiresAt, boolean settled) {}

  private LeaseSql() {}

  /** A grant of a new lease; {@code instanceLeaseId} names the instance lease it was cut from, or is null. */
  record NewGrant(UUID quotaId, Instant periodStart, BigDecimal amount, UUID instanceLeaseId) {}

  /** A new lease for {@code endpoint} and {@code model} (the key of one lease per client) and its grants. */
  record NewLease(UUID leaseId, UUID teamId, UUID clientId, Instant createdAt, Instant expiresAt, String endpoint,
      String model, List<NewGrant> grants) {}

  /**
   * New leases and their grants, in one statement; returns what has spilled so far into each
   * instance lease the grants were cut from ({@link CounterSql#takeFromInstanceLeases}), by id.
   */
  static Map<UUID, BigDecimal> insert(Handle h, List<NewLease> leases) {
    List<UUID> grantLeases = new ArrayList<>();
    List<NewGrant> grants = new ArrayList<>();
    for (NewLease lease : leases) {
      for (NewGrant grant : lease.grants()) {
        grantLeases.add(lease.leaseId());
        grants.add(grant);
      }
    }
    Map<UUID, BigDecimal> spilled = new HashMap<>();
    h.createQuery("""
            WITH lease AS (
              INSERT INTO quota_leases (id, team_id, client_id, created_at, expires_at, endpoint, model)
              SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:teams AS uuid[]), CAST(:clients AS uuid[]),
                CAST(:created AS timestamptz[]), CAST(:expires AS timestamptz[]), CAST(:endpoints AS text[]),
                CAST(:models AS text[]))
            ), grant_rows AS (
              INSERT INTO quota_lease_grants (lease_id, quota_id, period_start, amount, used, released,
                instance_lease_id, granted)
              SELECT l, q, p, a, 0, FALSE, i, CASE WHEN i IS NULL THEN NULL ELSE a END
              FROM unnest(CAST(:l AS uuid[]), CAST(:q AS uuid[]), CAST(:p AS timestamptz[]), CAST(:a AS numeric[]),
                CAST(:i AS uuid[])) AS u(l, q, p, a, i))
            SELECT id, spilled FROM quota_instance_leases WHERE id = ANY(CAST(:i AS uuid[]))""")
        .bind("ids", strings(leases, l -> l.leaseId().toString()))
        .bind("teams", strings(leases, l -> l.teamId().toString()))
        .bind("clients", strings(leases, l -> l.clientId().toString()))
        .bind("created", strings(leases, l -> l.createdAt().toString()))
        .bind("expires", strings(leases, l -> l.expiresAt().toString()))
        .bind("endpoints", strings(leases, NewLease::endpoint))
        .bind("models", strings(leases, NewLease::model))
        .bind("l", strings(grantLeases, UUID::toString))
        .bind("q", strings(grants, g -> g.quotaId().toString()))
        .bind("p", strings(grants, g -> g.periodStart().toString()))
        .bind("a", strings(grants, g -> g.amount().toPlainString()))
        .bind("i", strings(grants, g -> g.instanceLeaseId() == null ? null : g.instanceLeaseId().toString()))
        .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getBigDecimal(2)))
        .forEach(e -> spilled.put(e.getKey(), e.getValue()));
    return spilled;
  }

  private static <T> String[] strings(List<T> values, Function<T, String> text) {
    return values.stream().map(text).toArray(String[]::new);
  }

  /** A lease named by its client, to be settled. */
  record Owned(UUID leaseId, UUID teamId, UUID clientId) {}

  /** Those of {@code leases} that are their callers' own, locked in id order, by id. */
  static Map<UUID, Lease> lock(Handle h, List<Owned> leases) {
    Map<UUID, Lease> locked = new HashMap<>();
    h.createQuery("""
            SELECT l.id, l.client_id, l.expires_at, l.settled_at
            FROM quota_leases l
            WHERE l.id = ANY(CAST(:ids AS uuid[])) AND (l.id, l.team_id, l.client_id) IN (
              SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:teams AS uuid[]), CAST(:clients AS uuid[])))
            ORDER BY l.id FOR UPDATE OF l""")
        .bind("ids", strings(leases, l -> l.leaseId().toString()))
        .bind("teams", strings(leases, l -> l.teamId().toString()))
        .bind("clients", strings(leases, l -> l.clientId().toString()))
        .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), new Lease(rs.getObject(2, UUID.class),
            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(4) != null)))
        .forEach(e -> locked.put(e.getKey(), e.getValue()));
    return locked;
  }

  /** An open grant of a lease being settled, with its quota's unit. */
  record OpenGrant(CounterSql.Grant grant, Unit unit) {}

  /** The leases' grants not yet released, locked in (lease, quota) order, each with its quota's unit. */
  static List<OpenGrant> lockOpenGrants(Handle h, Collection<UUID> leaseIds) {
    return h.createQuery("""
            SELECT g.lease_id, g.quota_id, g.period_start, g.amount, g.used, g.instance_lease_id, q.unit
            FROM quota_lease_grants g JOIN quotas q ON q.id = g.quota_id
            WHERE g.lease_id = ANY(CAST(:ids AS uuid[])) AND NOT g.released
            ORDER BY g.lease_id, g.quota_id FOR UPDATE OF g""")
        .bind("ids", leaseIds.stream().map(UUID::toString).toArray(String[]::new))
        .map((rs, ctx) -> new OpenGrant(CounterSql.grant(rs, ctx), Unit.fromWire(rs.getString(7))))
        .list();
  }

  /** A grant of a lease being settled: what it keeps reserved from now on, and whether it is released. */
  record SettledGrant(UUID leaseId, UUID quotaId, BigDecimal amount, boolean released) {}

  /** Marks the leases settled and writes their grants' new amounts, in one statement (the grants are locked). */
  static void markSettled(Handle h, Collection<UUID> leaseIds, List<SettledGrant> grants, Instant now) {
    h.createUpdate("""
            WITH grants AS (
              UPDATE quota_lease_grants g SET amount = u.amount, released = u.released
              FROM unnest(CAST(:l AS uuid[]), CAST(:q AS uuid[]), CAST(:amount AS numeric[]),
                CAST(:released AS boolean[])) AS u(l, q, amount, released)
              WHERE g.lease_id = ANY(CAST(:l AS uuid[])) AND g.lease_id = u.l AND g.quota_id = u.q)
            UPDATE quota_leases SET settled_at = :now WHERE id = ANY(CAST(:ids AS uuid[]))""")
        .bind("l", strings(grants, g -> g.leaseId().toString()))
        .bind("q", strings(grants, g -> g.quotaId().toString()))
        .bind("amount", strings(grants, g -> g.amount().toPlainString()))
        .bind("released", strings(grants, g -> Boolean.toString(g.released())))
        .bind("now", now).bind("ids", leaseIds.stream().map(UUID::toString).toArray(String[]::new)).execute();
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
