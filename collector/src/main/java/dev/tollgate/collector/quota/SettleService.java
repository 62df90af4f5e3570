package dev.tollgate.collector.quota;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.common.Transactions;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Early return of what is left of a lease. {@code used} is what the caller consumed under
 * the lease; the part of it that no event has reported yet stays reserved until the lease
 * expires (the events are on their way), the rest returns to the pool at once. Without
 * {@code used}, everything unused returns. Settling twice changes nothing. Any instance settles any
 * lease: the lease and its grants are rows, whichever instance granted them.
 */
public final class SettleService {

  private final Jdbi jdbi;
  private final Clock clock;

  public SettleService(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public void settle(Caller caller, UUID leaseId, LeaseRequest.Estimate used) {
    QuotaStates.forget(caller.requireTeamId());
    Transactions.inTransaction(jdbi, h -> {
      if (!settle(h, caller, leaseId, used, clock.instant())) {
        throw ProblemException.notFound("Lease");
      }
      return null;
    });
  }

  /**
   * Settles the caller's lease {@code leaseId} inside {@code h}'s transaction (also used when a
   * renewal names the lease it replaces); false when the caller has no such lease.
   */
  static boolean settle(Handle h, Caller caller, UUID leaseId, LeaseRequest.Estimate used, Instant now) {
    return !settle(h, List.of(new Settling(caller.requireTeamId(), caller.requireClientId(), leaseId, used)), now)
        .isEmpty();
  }

  /** A client's lease to settle, with what the client used under it (or null). */
  record Settling(UUID teamId, UUID clientId, UUID leaseId, LeaseRequest.Estimate used) {}

  /**
   * Settles each of {@code settlings} that names a lease of its caller, inside {@code h}'s
   * transaction, in four statements however many there are; returns the ids of those leases
   * (settled now or before).
   */
  static Set<UUID> settle(Handle h, List<Settling> settlings, Instant now) {
    Map<UUID, LeaseSql.Lease> leases = LeaseSql.lock(h, settlings.stream()
        .map(s -> new LeaseSql.Owned(s.leaseId(), s.teamId(), s.clientId())).toList());
    Map<UUID, Settling> open = new HashMap<>();
    for (Settling s : settlings) {
      LeaseSql.Lease lease = leases.get(s.leaseId());
      // Only its own client's settling counts (another client naming the lease in the same group does not).
      if (lease != null && lease.clientId().equals(s.clientId()) && !lease.settled()) {
        open.put(s.leaseId(), s);
      }
    }
    if (open.isEmpty()) {
      return leases.keySet();
    }
    List<LeaseSql.SettledGrant> settled = new ArrayList<>();
    Map<CounterKey, BigDecimal> releases = new TreeMap<>(CounterKey.ORDER);
    for (LeaseSql.OpenGrant grant : LeaseSql.lockOpenGrants(h, open.keySet())) {
      CounterSql.Grant g = grant.grant();
      boolean expired = !leases.get(g.leaseId()).expiresAt().isAfter(now);
      LeaseRequest.Estimate used = open.get(g.leaseId()).used();
      BigDecimal unused = g.amount().subtract(g.used());
      BigDecimal reported = used == null || expired ? null : used.of(grant.unit());
      BigDecimal pending = reported == null ? BigDecimal.ZERO
          : reported.subtract(g.used()).max(BigDecimal.ZERO).min(unused);
      BigDecimal release = unused.subtract(pending);
      settled.add(new LeaseSql.SettledGrant(g.leaseId(), g.quotaId(), g.amount().subtract(release),
          pending.signum() == 0));
      // A grant carved from an instance lease returns to it (the counter holds the instance lease).
      if (release.signum() > 0 && g.direct()) {
        releases.merge(new CounterKey(g.quotaId(), g.periodStart()), release, BigDecimal::add);
      }
    }
    LeaseSql.markSettled(h, open.keySet(), settled, now);
    releases.forEach((key, release) -> CounterSql.apply(h, key.quotaId(), key.periodStart(), BigDecimal.ZERO, release));
    return leases.keySet();
  }
}
