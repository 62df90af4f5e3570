package dev.tollgate.collector.quota;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.common.Transactions;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    Optional<LeaseSql.Lease> found = LeaseSql.lock(h, leaseId, caller.requireTeamId(), caller.requireClientId());
    if (found.isEmpty()) {
      return false;
    }
    LeaseSql.Lease lease = found.get();
    if (lease.settled()) {
      return true;
    }
    boolean expired = !lease.expiresAt().isAfter(now);
    List<LeaseSql.SettledGrant> settled = new ArrayList<>();
    for (LeaseSql.OpenGrant open : LeaseSql.lockOpenGrants(h, leaseId)) {
      CounterSql.Grant g = open.grant();
      BigDecimal unused = g.amount().subtract(g.used());
      BigDecimal reported = used == null || expired ? null : used.of(open.unit());
      BigDecimal pending = reported == null ? BigDecimal.ZERO
          : reported.subtract(g.used()).max(BigDecimal.ZERO).min(unused);
      BigDecimal release = unused.subtract(pending);
      settled.add(new LeaseSql.SettledGrant(g.quotaId(), g.amount().subtract(release), pending.signum() == 0));
      // A grant carved from an instance lease returns to it (the counter holds the instance lease).
      if (release.signum() > 0 && g.direct()) {
        CounterSql.apply(h, g.quotaId(), g.periodStart(), BigDecimal.ZERO, release);
      }
    }
    LeaseSql.markSettled(h, leaseId, settled, now);
    return true;
  }
}
