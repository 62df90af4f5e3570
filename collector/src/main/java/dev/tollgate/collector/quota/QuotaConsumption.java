package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.UuidOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What stored events consume, applied inside the ingest (or re-rating) transaction: each
 * use adds to its quota's counter for the period of the event's timestamp, and an event
 * that carries a lease id settles that much of the lease's grant for the quota (the
 * reservation turns into usage instead of being counted twice; for a grant carved from an
 * instance lease, the instance lease's reservation shrinks by as much). What an event uses
 * beyond a grant carved from an instance lease (the grant used up, or its lease settled or
 * expired) is taken from that instance lease too, and recorded as spilled, so the instance
 * cuts that much less from it ({@link InstanceLeases#learnSpills}): otherwise such excess would
 * pile up in the counter while the instance kept cutting grants from memory. Locks are taken
 * grants first, then instance leases, then counters.
 */
public final class QuotaConsumption {

  /** One event's consumption of one quota. {@code leaseId} may be null. */
  public record Use(UUID leaseId, UUID quotaId, Instant periodStart, BigDecimal amount) {}

  /**
   * How one quota's counter for one period moved: {@code usedBefore} to {@code usedAfter}
   * (exact, read back from the updated row), and the leases the quota refused so far in the period.
   */
  public record Moved(UUID quotaId, Instant periodStart, BigDecimal usedBefore, BigDecimal usedAfter, long refusals) {}

  private QuotaConsumption() {}

  /**
   * What an event consumed (at ingest: its total cost, markup included, its tokens and one
   * request), or by how much that changed (re-rating: the difference of total cost only).
   */
  public record Consumed(BigDecimal cost, long tokens, long requests) {

    public static Consumed event(BigDecimal totalCost, long tokens) {
      return new Consumed(totalCost, tokens, 1);
    }

    public static Consumed costChange(BigDecimal delta) {
      return new Consumed(delta, 0, 0);
    }

    BigDecimal of(Unit unit) {
      return switch (unit) {
        case COST -> cost;
        case TOKENS -> BigDecimal.valueOf(tokens);
        case REQUESTS -> BigDecimal.valueOf(requests);
      };
    }
  }

  /**
   * The uses of {@code consumed} at {@code at}, under the lease {@code leaseId} (or null): one for
   * each quota of the team's subscriptions active then (their period of {@code at}) that it
   * changes. Ingest and re-rating both count quota use this way.
   */
  public static List<Use> uses(TeamPlan plan, UUID leaseId, Instant at, Consumed consumed) {
    List<Use> uses = new ArrayList<>();
    for (Quota q : plan.quotasAt(at)) {
      BigDecimal amount = consumed.of(q.unit());
      if (amount.signum() != 0) {
        uses.add(new Use(leaseId, q.id(), q.period().start(at), amount));
      }
    }
    return uses;
  }

  /** Applies {@code uses}; returns how each counter whose used amount changed moved. */
  public static List<Moved> apply(Handle h, UUID teamId, List<Use> uses, Instant now) {
    if (uses.isEmpty()) {
      return List.of();
    }
    QuotaStates.forget(teamId);
    Map<CounterKey, BigDecimal[]> counters = new TreeMap<>(CounterKey.ORDER);
    Set<UUID> leaseIds = new LinkedHashSet<>();
    for (Use use : uses) {
      if (use.leaseId() != null && use.amount().signum() > 0) {
        leaseIds.add(use.leaseId());
      }
    }
    Map<String, CounterSql.Grant> grants = new HashMap<>();
    Map<String, CounterSql.Grant> dead = new HashMap<>();
    Map<String, BigDecimal> grantUsed = new HashMap<>();
    for (CounterSql.Charging c : CounterSql.lockGrants(h, teamId, leaseIds, now)) {
      CounterSql.Grant g = c.grant();
      String key = g.leaseId() + "|" + g.quotaId();
      if (c.open()) {
        grants.put(key, g);
        grantUsed.put(key, g.used());
      } else {
        dead.put(key, g);
      }
    }
    // Per instance lease: what events took of the grants cut from it, and what they used beyond them.
    Map<UUID, BigDecimal[]> instanceTakes = new TreeMap<>(UuidOrder.POSTGRES);
    Map<UUID, CounterKey> instanceCounters = new HashMap<>();
    for (Use use : uses) {
      BigDecimal[] counter = counters.computeIfAbsent(new CounterKey(use.quotaId(), use.periodStart()), k -> zero());
      counter[0] = counter[0].add(use.amount());
      if (use.leaseId() == null || use.amount().signum() <= 0) {
        continue;
      }
      String key = use.leaseId() + "|" + use.quotaId();
      CounterSql.Grant g = grants.getOrDefault(key, dead.get(key));
      if (g == null) {
        continue;
      }
      BigDecimal take = BigDecimal.ZERO;
      if (grants.containsKey(key)) {
        BigDecimal used = grantUsed.get(key);
        take = use.amount().min(g.amount().subtract(used)).max(BigDecimal.ZERO);
        grantUsed.put(key, used.add(take));
      }
      if (g.direct()) {
        BigDecimal[] c = counters.computeIfAbsent(new CounterKey(g.quotaId(), g.periodStart()), k -> zero());
        c[1] = c[1].add(take);
      } else {
        // Beyond its grant, a call is paid from the instance lease, so its instance stops cutting that much.
        BigDecimal[] t = instanceTakes.computeIfAbsent(g.instanceLeaseId(), k -> zero());
        t[0] = t[0].add(take);
        t[1] = t[1].add(use.amount().subtract(take));
        instanceCounters.put(g.instanceLeaseId(), new CounterKey(g.quotaId(), g.periodStart()));
      }
    }
    // What events used under grants cut from an instance lease leaves the instance lease's reservation.
    List<CounterSql.InstanceTake> takes = instanceTakes.entrySet().stream()
        .map(e -> new CounterSql.InstanceTake(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    CounterSql.takeFromInstanceLeases(h, takes).forEach((instanceLeaseId, taken) -> {
      BigDecimal[] c = counters.computeIfAbsent(instanceCounters.get(instanceLeaseId), k -> zero());
      c[1] = c[1].add(taken);
    });
    List<CounterSql.Grant> changed = new ArrayList<>(grants.values());
    changed.sort(Comparator.comparing(CounterSql.Grant::leaseId, UuidOrder.POSTGRES)
        .thenComparing(CounterSql.Grant::quotaId, UuidOrder.POSTGRES));
    for (CounterSql.Grant g : changed) {
      BigDecimal used = grantUsed.get(g.leaseId() + "|" + g.quotaId());
      if (used.compareTo(g.used()) != 0) {
        CounterSql.updateGrant(h, g, g.amount(), used, used.compareTo(g.amount()) >= 0);
      }
    }
    List<Moved> moved = new ArrayList<>();
    for (Map.Entry<CounterKey, BigDecimal[]> e : counters.entrySet()) {
      BigDecimal used = e.getValue()[0];
      if (used.signum() != 0 || e.getValue()[1].signum() != 0) {
        CounterKey key = e.getKey();
        CounterSql.Applied after = CounterSql.apply(h, key.quotaId(), key.periodStart(), used, e.getValue()[1]);
        if (used.signum() != 0) {
          moved.add(new Moved(key.quotaId(), key.periodStart(), after.used().subtract(used), after.used(),
              after.refusals()));
        }
      }
    }
    return moved;
  }

  private static BigDecimal[] zero() {
    return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO};
  }
}
