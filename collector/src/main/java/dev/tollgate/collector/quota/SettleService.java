package dev.tollgate.collector.quota;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.common.Transactions;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Early return of what is left of a lease. {@code used} is what the caller consumed under
 * the lease; the part of it that no event has reported yet stays reserved until the lease
 * expires (the events are on their way), the rest returns to the pool at once. Without
 * {@code used}, everything unused returns. Settling twice changes nothing.
 */
public final class SettleService {

  private final Jdbi jdbi;
  private final Clock clock;

  public SettleService(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public void settle(Caller caller, UUID leaseId, LeaseRequest.Estimate used) {
    Transactions.inTransaction(jdbi, h -> {
      settle(h, caller, leaseId, used);
      return null;
    });
  }

  private void settle(Handle h, Caller caller, UUID leaseId, LeaseRequest.Estimate used) {
    Instant now = clock.instant();
    record Lease(Instant expiresAt, boolean settled) {}
    Lease lease = h.createQuery("""
            SELECT expires_at, settled_at FROM quota_leases
            WHERE id = :id AND team_id = :team AND client_id = :client FOR UPDATE""")
        .bind("id", leaseId).bind("team", caller.requireTeamId()).bind("client", caller.requireClientId())
        .map((rs, ctx) -> new Lease(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
            rs.getObject(2) != null))
        .findOne().orElseThrow(() -> ProblemException.notFound("Lease"));
    if (lease.settled()) {
      return;
    }
    boolean expired = !lease.expiresAt().isAfter(now);
    Map<UUID, String> units = units(h, leaseId);
    List<CounterSql.Grant> grants = h.createQuery("""
            SELECT lease_id, quota_id, period_start, amount, used FROM quota_lease_grants
            WHERE lease_id = :id AND NOT released ORDER BY quota_id FOR UPDATE""")
        .bind("id", leaseId)
        .map((rs, ctx) -> new CounterSql.Grant(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
            rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), rs.getBigDecimal(4), rs.getBigDecimal(5)))
        .list();
    for (CounterSql.Grant g : grants) {
      BigDecimal unused = g.amount().subtract(g.used());
      BigDecimal reported = used == null || expired ? null : used.of(Unit.fromWire(units.get(g.quotaId())));
      BigDecimal pending = reported == null ? BigDecimal.ZERO
          : reported.subtract(g.used()).max(BigDecimal.ZERO).min(unused);
      BigDecimal release = unused.subtract(pending);
      CounterSql.updateGrant(h, g, g.amount().subtract(release), g.used(), pending.signum() == 0);
      if (release.signum() > 0) {
        CounterSql.apply(h, g.quotaId(), g.periodStart(), BigDecimal.ZERO, release);
      }
    }
    h.createUpdate("UPDATE quota_leases SET settled_at = :now WHERE id = :id")
        .bind("now", now).bind("id", leaseId).execute();
  }

  private static Map<UUID, String> units(Handle h, UUID leaseId) {
    Map<UUID, String> out = new TreeMap<>();
    h.createQuery("""
            SELECT q.id, q.unit FROM quotas q JOIN quota_lease_grants g ON g.quota_id = q.id
            WHERE g.lease_id = :id""")
        .bind("id", leaseId)
        .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
