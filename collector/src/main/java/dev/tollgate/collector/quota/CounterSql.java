package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of quota counters and lease grants. A counter row per (quota, period start) holds
 * {@code used} (consumed by stored events) and {@code reserved} (what open lease grants
 * still hold). Locks are always taken grants first, then counters in (quota_id,
 * period_start) order, by leasing, settling and ingest alike.
 */
final class CounterSql {

  /** A counter's current values. */
  record Counter(BigDecimal used, BigDecimal reserved) {}

  private CounterSql() {}

  static void ensure(Handle h, UUID quotaId, Instant periodStart) {
    h.createUpdate("""
            INSERT INTO quota_counters (quota_id, period_start, used, reserved) VALUES (:q, :p, 0, 0)
            ON CONFLICT (quota_id, period_start) DO NOTHING""")
        .bind("q", quotaId).bind("p", periodStart).execute();
  }

  static Counter read(Handle h, UUID quotaId, Instant periodStart) {
    return read(h, quotaId, periodStart, false);
  }

  /** With {@code lock}, the row stays locked to the end of the transaction (the fallback under heavy contention). */
  static Counter read(Handle h, UUID quotaId, Instant periodStart, boolean lock) {
    return h.createQuery("SELECT used, reserved FROM quota_counters WHERE quota_id = :q AND period_start = :p"
            + (lock ? " FOR UPDATE" : ""))
        .bind("q", quotaId).bind("p", periodStart)
        .map((rs, ctx) -> new Counter(rs.getBigDecimal(1), rs.getBigDecimal(2)))
        .findOne().orElse(new Counter(BigDecimal.ZERO, BigDecimal.ZERO));
  }

  /**
   * Reserves {@code grant} only if the counter still has room for it, and only if it is
   * still within {@code fractionOfRemaining} of what remains (or no more than
   * {@code floor}, the least a lease may get): the check and the change are one
   * statement, so concurrent leases on any instance cannot both pass, and a crowd of
   * leases sized from the same stale read cannot take the whole quota at full size.
   */
  static Optional<Counter> reserveIfRoom(Handle h, UUID quotaId, Instant periodStart, BigDecimal grant,
      BigDecimal limit, BigDecimal fractionOfRemaining, BigDecimal floor) {
    return h.createQuery("""
            UPDATE quota_counters SET reserved = reserved + :grant
            WHERE quota_id = :q AND period_start = :p AND used + reserved + :grant <= :limit
              AND (:grant <= :floor OR :grant <= (:limit - used - reserved) * :fraction)
            RETURNING used, reserved""")
        .bind("q", quotaId).bind("p", periodStart).bind("grant", grant).bind("limit", limit)
        .bind("fraction", fractionOfRemaining).bind("floor", floor)
        .map((rs, ctx) -> new Counter(rs.getBigDecimal(1), rs.getBigDecimal(2)))
        .findOne();
  }

  /** Soft quotas reserve without a check. */
  static void reserve(Handle h, UUID quotaId, Instant periodStart, BigDecimal grant) {
    h.createUpdate("UPDATE quota_counters SET reserved = reserved + :grant WHERE quota_id = :q AND period_start = :p")
        .bind("q", quotaId).bind("p", periodStart).bind("grant", grant).execute();
  }

  /**
   * Releases the grants of leases that expired unsettled, and the instance leases that
   * expired, for the given quotas: their unused part stops counting as reserved (a client grant
   * carved from an instance lease is counted by its instance lease, which outlives it). Runs
   * inside the leasing transaction, so no job is needed for expiry.
   */
  static void releaseExpired(Handle h, Collection<UUID> quotaIds, Instant now) {
    if (quotaIds.isEmpty()) {
      return;
    }
    h.createUpdate("""
            WITH released AS (
              UPDATE quota_lease_grants g SET released = TRUE
              FROM quota_leases l
              WHERE l.id = g.lease_id AND g.quota_id = ANY(CAST(:quotas AS uuid[])) AND NOT g.released
                AND l.expires_at <= :now
              RETURNING g.quota_id, g.period_start,
                CASE WHEN g.instance_lease_id IS NULL THEN g.amount - g.used ELSE 0 END AS unused
            ), instance AS (
              UPDATE quota_instance_leases i SET released = TRUE
              WHERE i.quota_id = ANY(CAST(:quotas AS uuid[])) AND NOT i.released AND i.expires_at <= :now
              RETURNING i.quota_id, i.period_start, i.amount AS unused
            ), total AS (
              SELECT quota_id, period_start, sum(unused) AS unused
              FROM (SELECT * FROM released UNION ALL SELECT * FROM instance) r GROUP BY quota_id, period_start
            )
            UPDATE quota_counters c SET reserved = GREATEST(0, c.reserved - t.unused)
            FROM total t WHERE c.quota_id = t.quota_id AND c.period_start = t.period_start AND t.unused > 0""")
        .bind("quotas", quotaIds.stream().map(UUID::toString).toArray(String[]::new))
        .bind("now", now)
        .execute();
  }

  /**
   * Settles open leases at once, as a settle without {@code used} would: what their grants
   * hold unused returns to the counters (or, for a grant carved from an instance lease, to
   * that instance lease), and the leases are marked settled. Events that still
   * arrive for them count as usage as any event does.
   */
  static void settleLeases(Handle h, Collection<UUID> leaseIds, Instant now) {
    if (leaseIds.isEmpty()) {
      return;
    }
    String[] ids = leaseIds.stream().map(UUID::toString).toArray(String[]::new);
    h.createUpdate("""
            WITH released AS (
              UPDATE quota_lease_grants g SET released = TRUE
              WHERE g.lease_id = ANY(CAST(:leases AS uuid[])) AND NOT g.released
              RETURNING g.quota_id, g.period_start,
                CASE WHEN g.instance_lease_id IS NULL THEN g.amount - g.used ELSE 0 END AS unused
            ), total AS (
              SELECT quota_id, period_start, sum(unused) AS unused FROM released GROUP BY quota_id, period_start
            )
            UPDATE quota_counters c SET reserved = GREATEST(0, c.reserved - t.unused)
            FROM total t WHERE c.quota_id = t.quota_id AND c.period_start = t.period_start AND t.unused > 0""")
        .bind("leases", ids).execute();
    h.createUpdate("UPDATE quota_leases SET settled_at = :now WHERE id = ANY(CAST(:leases AS uuid[])) AND settled_at IS NULL")
        .bind("leases", ids).bind("now", now).execute();
  }

  /** What one of a client's open leases holds unused of a quota's period. */
  record Held(UUID leaseId, BigDecimal unused) {}

  /**
   * One client's grants on a quota's period as a new lease sees them: what its open leases
   * hold unused, oldest lease first, and what it used under the leases it took since a lease
   * lifetime ago (as events reported it): its recent demand.
   */
  record ClientView(List<Held> held, BigDecimal recentUse) {}

  /** A client's view of one quota's period ({@link #clientViews}). */
  record Viewing(UUID clientId, UUID quotaId, Instant periodStart) {}

  static ClientView clientView(Handle h, UUID clientId, UUID quotaId, Instant periodStart, Instant now,
      Instant since) {
    return clientViews(h, List.of(new Viewing(clientId, quotaId, periodStart)), now, since).get(0);
  }

  /**
   * The {@link ClientView} of each of {@code viewings}, in their order, in one round trip: the
   * leases open at {@code now}, and the use under those taken since {@code since}.
   */
  static List<ClientView> clientViews(Handle h, List<Viewing> viewings, Instant now, Instant since) {
    List<List<Held>> held = new ArrayList<>();
    BigDecimal[] recentUse = new BigDecimal[viewings.size()];
    for (int i = 0; i < viewings.size(); i++) {
      held.add(new ArrayList<>());
      recentUse[i] = BigDecimal.ZERO;
    }
    // The client's recent and open leases from its own indexes, then each one's grant by its key (OFFSET 0
    // keeps each subquery apart): joined plainly, the planner started from all the quota's grants, every
    // client's, and looked up the client's leases for each (docs/benchmarks.md, "Leases granted in groups").
    h.createQuery("""
            SELECT k.i, l.id, g.amount - g.used, g.used,
                   NOT g.released AND l.settled_at IS NULL AND l.expires_at > :now AS is_open,
                   l.created_at >= :since AS is_recent
            FROM unnest(CAST(:clients AS uuid[]), CAST(:quotas AS uuid[]), CAST(:starts AS timestamptz[]))
                   WITH ORDINALITY AS k(client, q, p, i)
            CROSS JOIN LATERAL (
              SELECT id, created_at, settled_at, expires_at FROM quota_leases
              WHERE client_id = k.client AND (created_at >= :since OR (settled_at IS NULL AND expires_at > :now))
              OFFSET 0) l
            CROSS JOIN LATERAL (
              SELECT amount, used, released FROM quota_lease_grants
              WHERE lease_id = l.id AND quota_id = k.q AND period_start = k.p OFFSET 0) g
            WHERE (NOT g.released AND l.settled_at IS NULL AND l.expires_at > :now) OR l.created_at >= :since
            ORDER BY k.i, l.created_at, l.id""")
        .bind("clients", viewings.stream().map(v -> v.clientId().toString()).toArray(String[]::new))
        .bind("quotas", viewings.stream().map(v -> v.quotaId().toString()).toArray(String[]::new))
        .bind("starts", viewings.stream().map(v -> v.periodStart().toString()).toArray(String[]::new))
        .bind("now", now).bind("since", since)
        .map((rs, ctx) -> new ViewRow(rs.getInt(1) - 1, new Held(rs.getObject(2, UUID.class), rs.getBigDecimal(3)),
            rs.getBigDecimal(4), rs.getBoolean(5), rs.getBoolean(6)))
        .forEach(row -> {
          if (row.open()) {
            held.get(row.viewing()).add(row.held());
          }
          if (row.recent()) {
            recentUse[row.viewing()] = recentUse[row.viewing()].add(row.used());
          }
        });
    List<ClientView> views = new ArrayList<>();
    for (int i = 0; i < viewings.size(); i++) {
      views.add(new ClientView(held.get(i), recentUse[i]));
    }
    return views;
  }

  /** A grant of the client on the quota's period: whether it is still held (open) and whether it counts as recent use. */
  private record ViewRow(int viewing, Held held, BigDecimal used, boolean open, boolean recent) {}

  /** A counter after an update: what is used now, and how many leases its quota refused in the period. */
  record Applied(BigDecimal used, long refusals) {}

  /**
   * Adds {@code used} and gives back {@code release} of the reservation, creating the
   * counter if needed. Callers pass keys in (quota_id, period_start) order.
   */
  static Applied apply(Handle h, UUID quotaId, Instant periodStart, BigDecimal used, BigDecimal release) {
    return h.createQuery("""
            INSERT INTO quota_counters (quota_id, period_start, used, reserved) VALUES (:q, :p, :used, 0)
            ON CONFLICT (quota_id, period_start) DO UPDATE
            SET used = quota_counters.used + EXCLUDED.used,
                reserved = GREATEST(0, quota_counters.reserved - :release)
            RETURNING used, refusals""")
        .bind("q", quotaId).bind("p", periodStart).bind("used", used).bind("release", release)
        .map((rs, ctx) -> new Applied(rs.getBigDecimal(1), rs.getLong(2))).one();
  }

  /** Counts one lease refused by a hard quota in its period. */
  static void countRefusal(Handle h, UUID quotaId, Instant periodStart) {
    h.createUpdate("""
            INSERT INTO quota_counters (quota_id, period_start, used, reserved, refusals) VALUES (:q, :p, 0, 0, 1)
            ON CONFLICT (quota_id, period_start) DO UPDATE SET refusals = quota_counters.refusals + 1""")
        .bind("q", quotaId).bind("p", periodStart).execute();
  }

  /** An open grant of a lease, locked. */
  record Grant(UUID leaseId, UUID quotaId, Instant periodStart, BigDecimal amount, BigDecimal used,
      UUID instanceLeaseId) {

    /** Whether the counter holds this grant's reservation itself (not through an instance lease). */
    boolean direct() {
      return instanceLeaseId == null;
    }
  }

  /**
   * A grant that events are charged under: {@code open} while neither released nor expired (events
   * take from it); a dead one is listed only if it was cut from an instance lease (events under it
   * spill into that instance lease, see {@link #takeFromInstanceLeases}).
   */
  record Charging(Grant grant, boolean open) {}

  /**
   * The grants of {@code teamId}'s leases among {@code leaseIds} that events charge, locked in key
   * order: the open ones, and the dead ones cut from an instance lease. Whether a grant is open is
   * read from the row as locked, so a grant settled while this waited for its lock is seen dead
   * (and its events spill), never missed.
   */
  static List<Charging> lockGrants(Handle h, UUID teamId, Collection<UUID> leaseIds, Instant now) {
    if (leaseIds.isEmpty()) {
      return List.of();
    }
    return h.createQuery("""
            SELECT g.lease_id, g.quota_id, g.period_start, g.amount, g.used, g.instance_lease_id,
                   NOT g.released AND l.expires_at > :now AS open
            FROM quota_lease_grants g JOIN quota_leases l ON l.id = g.lease_id
            WHERE g.lease_id = ANY(CAST(:leases AS uuid[])) AND l.team_id = :team
              AND (g.instance_lease_id IS NOT NULL OR (NOT g.released AND l.expires_at > :now))
            ORDER BY g.lease_id, g.quota_id
            FOR UPDATE OF g""")
        .bind("leases", leaseIds.stream().map(UUID::toString).toArray(String[]::new))
        .bind("team", teamId).bind("now", now)
        .map((rs, ctx) -> new Charging(grant(rs, ctx), rs.getBoolean(7)))
        .list();
  }

  static Grant grant(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new Grant(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
        rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), rs.getBigDecimal(4), rs.getBigDecimal(5),
        rs.getObject(6, UUID.class));
  }

  /** A new instance lease of {@code amount}, already added to the counter's {@code reserved}. */
  static void insertInstanceLease(Handle h, UUID id, UUID quotaId, Instant periodStart, String instance,
      BigDecimal amount, Instant now, Instant expiresAt) {
    h.createUpdate("""
            INSERT INTO quota_instance_leases (id, quota_id, period_start, instance, amount, created_at, expires_at)
            VALUES (:id, :q, :p, :instance, :amount, :now, :expires)""")
        .bind("id", id).bind("q", quotaId).bind("p", periodStart).bind("instance", instance).bind("amount", amount)
        .bind("now", now).bind("expires", expiresAt).execute();
  }

  /**
   * A refill's first step: releases the quota's grants of expired leases (their rows locked in
   * ingest's order) and returns what the direct ones held unused, by period start, for the
   * caller to give back to the counters once the instance leases are settled
   * ({@link #settleInstanceLeases}). {@link #releaseExpired} does all three in one statement, with
   * the counters before the instance leases a refill goes on to lock.
   */
  static Map<Instant, BigDecimal> releaseExpiredGrants(Handle h, UUID quotaId, Instant now) {
    return sumsByPeriod(h.createQuery("""
            WITH locked AS (
              SELECT g.lease_id, g.quota_id FROM quota_lease_grants g JOIN quota_leases l ON l.id = g.lease_id
              WHERE g.quota_id = :q AND NOT g.released AND l.expires_at <= :now
              ORDER BY g.lease_id, g.quota_id FOR UPDATE OF g
            ), released AS (
              UPDATE quota_lease_grants g SET released = TRUE
              FROM locked WHERE g.lease_id = locked.lease_id AND g.quota_id = locked.quota_id
              RETURNING g.period_start, CASE WHEN g.instance_lease_id IS NULL THEN g.amount - g.used ELSE 0 END AS unused)
            SELECT period_start, sum(unused) FROM released GROUP BY period_start""")
        .bind("q", quotaId).bind("now", now));
  }

  /** A query's rows of (period start, amount), as a map. */
  private static Map<Instant, BigDecimal> sumsByPeriod(org.jdbi.v3.core.statement.Query query) {
    Map<Instant, BigDecimal> sums = new HashMap<>();
    query.map((rs, ctx) -> Map.entry(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), rs.getBigDecimal(2)))
        .forEach(e -> sums.merge(e.getKey(), e.getValue(), BigDecimal::add));
    return sums;
  }

  /**
   * A refill's second step, on every instance lease of the quota not yet released, whichever
   * instance holds it, locked in id order ({@code NO KEY UPDATE}: new grants' foreign keys still
   * point at them meanwhile): an expired one is released and all it holds goes back; an open one
   * gives back what the client grants cut from it returned since the last time (what settling
   * took off them, and what the released ones held unused, expired grants being released by
   * {@link #releaseExpiredGrants} first), its total kept in {@code returned}, so any instance may
   * do this, once per return. Returns what goes back to the counters, by period start, for the
   * caller to apply after every instance lease is locked (grants, instance leases, counters: the
   * order ingest takes them in).
   */
  static Map<Instant, BigDecimal> settleInstanceLeases(Handle h, UUID quotaId, Instant now) {
    return sumsByPeriod(h.createQuery("""
            WITH locked AS (
              SELECT id, period_start, amount, returned, expires_at <= :now AS expired FROM quota_instance_leases
              WHERE quota_id = :q AND NOT released ORDER BY id FOR NO KEY UPDATE
            ), counted AS (
              SELECT locked.*, CASE WHEN expired THEN returned ELSE (
                SELECT COALESCE(sum(g.granted - g.amount), 0)
                     + COALESCE(sum(g.amount - g.used) FILTER (WHERE g.released), 0)
                FROM quota_lease_grants g WHERE g.instance_lease_id = locked.id) END AS returns
              FROM locked
            ), updated AS (
              UPDATE quota_instance_leases i
              SET released = counted.expired,
                  amount = CASE WHEN counted.expired THEN counted.amount
                           ELSE counted.amount - LEAST(counted.amount, counted.returns - counted.returned) END,
                  returned = counted.returns
              FROM counted WHERE i.id = counted.id AND (counted.expired OR counted.returns > counted.returned)
              RETURNING counted.period_start,
                CASE WHEN counted.expired THEN counted.amount ELSE counted.amount - i.amount END AS back)
            SELECT period_start, sum(back) FROM updated GROUP BY period_start""")
        .bind("q", quotaId).bind("now", now));
  }

  /**
   * What to take off an instance lease's reservation: {@code taken} that events used of the client
   * grants cut from it (or that its instance gives back), and {@code spilled} that events used
   * beyond those grants (a call more than its grant covered, or one under a lease settled or
   * expired already), which is also added to the lease's {@code spilled} for its instance to read.
   */
  record InstanceTake(UUID instanceLeaseId, BigDecimal taken, BigDecimal spilled) {}

  /**
   * Takes each of {@code takes} off its instance lease, never below zero, in one statement (the
   * instance leases locked in id order); returns what was taken off each, which the caller then
   * releases from the counter, so the counter holds exactly what the instance leases hold. An
   * instance lease already released takes nothing (the counter no longer holds it either).
   */
  static Map<UUID, BigDecimal> takeFromInstanceLeases(Handle h, List<InstanceTake> takes) {
    Map<UUID, BigDecimal> taken = new HashMap<>();
    if (takes.isEmpty()) {
      return taken;
    }
    h.createQuery("""
            WITH t AS (
              SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:taken AS numeric[]), CAST(:spilled AS numeric[]))
                AS t(id, taken, spilled)
            ), locked AS (
              SELECT id, amount FROM quota_instance_leases
              WHERE id = ANY(CAST(:ids AS uuid[])) AND NOT released ORDER BY id FOR NO KEY UPDATE
            )
            UPDATE quota_instance_leases i
            SET amount = locked.amount - LEAST(locked.amount, t.taken + t.spilled), spilled = i.spilled + t.spilled
            FROM locked JOIN t ON t.id = locked.id
            WHERE i.id = locked.id
            RETURNING i.id, locked.amount - i.amount""")
        .bind("ids", takes.stream().map(t -> t.instanceLeaseId().toString()).toArray(String[]::new))
        .bind("taken", takes.stream().map(t -> t.taken().toPlainString()).toArray(String[]::new))
        .bind("spilled", takes.stream().map(t -> t.spilled().toPlainString()).toArray(String[]::new))
        .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getBigDecimal(2)))
        .forEach(e -> taken.put(e.getKey(), e.getValue()));
    return taken;
  }

  static void updateGrant(Handle h, Grant g, BigDecimal amount, BigDecimal used, boolean released) {
    h.createUpdate("""
            UPDATE quota_lease_grants SET amount = :amount, used = :used, released = :released
            WHERE lease_id = :lease AND quota_id = :q""")
        .bind("amount", amount).bind("used", used).bind("released", released)
        .bind("lease", g.leaseId()).bind("q", g.quotaId()).execute();
  }
}
