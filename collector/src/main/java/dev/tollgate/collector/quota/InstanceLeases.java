package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.Transactions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second level of quota leases: this instance's reservations on busy hard quotas
 * (instance leases, rows of {@code quota_instance_leases} counted in the counter's
 * {@code reserved}), from which client grants are cut in memory, without a write to the quota's
 * counter row.
 *
 * <p>An instance lease lives {@code 3 x} the client lease lifetime; a client grant is cut from
 * it only while the client lease would expire at least a second before it, so every client
 * grant it backs is dead when it expires and its whole remaining amount can be released then
 * (by any instance, in the next lease or refill on the quota). Cutting is conservative: what is
 * cut is never handed out again, even when a client settles early (that part returns to the
 * counter at the next refill on the quota, by any instance, or when the instance lease expires);
 * what was never cut is given back to the counter at once when a new instance lease replaces the
 * current one. What calls use beyond their grants is taken from the instance lease by ingest
 * ({@link QuotaConsumption}) and cut that much less once this instance reads it back
 * ({@link #learnSpills}). A new one is reserved ahead of need, in the background, when the
 * current one is down to a third or close to its end.
 *
 * <p>A hard quota is busy on this instance when another lease of the same team is in progress
 * on this instance (they would wait for the same counter row), or when it was asked for at
 * least {@code busyPerSecond} leases in the current or the previous second (0: every hard
 * quota uses instance leases).
 */
final class InstanceLeases {

  private static final Logger LOG = LoggerFactory.getLogger(InstanceLeases.class);
  private static final Duration MARGIN = Duration.ofSeconds(1);

  /** A slice cut from an instance lease for one client grant. */
  record Slice(Pool pool, UUID instanceLeaseId, BigDecimal amount) {}

  private record Key(UUID quotaId, Instant periodStart) {}

  /** The instance lease grants are cut from now, for one quota and period. */
  static final class Pool {
    private final ReentrantLock refilling = new ReentrantLock();
    private UUID id;
    private BigDecimal size = BigDecimal.ZERO;
    private BigDecimal free = BigDecimal.ZERO;
    private Instant expiresAt = Instant.EPOCH;
    private boolean refillQueued;
    /** What events used beyond the grants cut from the current instance lease, as last read ({@link #learnSpills}). */
    private BigDecimal spilled = BigDecimal.ZERO;
  }

  /** Lease requests per quota in the current and previous second. */
  private static final class Rate {
    private long second;
    private int current;
    private int previous;

    synchronized int count(long now) {
      if (now != second) {
        previous = now == second + 1 ? current : 0;
        current = 0;
        second = now;
      }
      current++;
      return Math.max(current, previous);
    }
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private final String instance;
  private final Duration clientTtl;
  private final Duration ttl;
  private final BigDecimal fractionOfLimit;
  private final BigDecimal fractionOfRemaining;
  private final int busyPerSecond;
  private final Map<Key, Pool> pools = new ConcurrentHashMap<>();
  private final Map<UUID, Rate> rates = new ConcurrentHashMap<>();
  private final Map<UUID, Rate> teamRates = new ConcurrentHashMap<>();
  private final Map<UUID, AtomicInteger> inProgress = new ConcurrentHashMap<>();
  private final ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "quota-instance-leases");
    t.setDaemon(true);
    return t;
  });

  InstanceLeases(Jdbi jdbi, Clock clock, String instance, Duration clientTtl, BigDecimal fractionOfLimit,
      BigDecimal fractionOfRemaining, int busyPerSecond) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.instance = instance;
    this.clientTtl = clientTtl;
    this.ttl = clientTtl.multipliedBy(3);
    this.fractionOfLimit = fractionOfLimit;
    this.fractionOfRemaining = fractionOfRemaining;
    this.busyPerSecond = busyPerSecond;
  }

  /** A lease in progress, counted until closed. */
  interface Leasing extends AutoCloseable {
    @Override
    void close();
  }

  /** Counts a lease of {@code teamId} in progress until the returned handle is closed. */
  Leasing leasing(UUID teamId) {
    AtomicInteger count = inProgress.computeIfAbsent(teamId, k -> new AtomicInteger());
    count.incrementAndGet();
    return () -> {
      if (count.decrementAndGet() == 0) {
        inProgress.remove(teamId, count);
      }
    };
  }

  /** Counts a lease request on {@code quota} of {@code teamId}; true if its grants should come from an instance lease. */
  boolean busy(Quota quota, UUID teamId) {
    return quota.hard() && busy(rates, quota.id(), teamId);
  }

  /**
   * Counts a lease request of {@code teamId}; true if its leases are busy on this instance by the
   * same measure as {@link #busy(Quota, UUID)}.
   */
  boolean busyTeam(UUID teamId) {
    return busy(teamRates, teamId, teamId);
  }

  /**
   * Counts a request under {@code key}; true if another lease of the team is in progress on this
   * instance (they would wait for the same counter row), or {@code key} was asked for at least
   * {@code busyPerSecond} times in the current or the previous second.
   */
  private boolean busy(Map<UUID, Rate> counts, UUID key, UUID teamId) {
    if (busyPerSecond == 0) {
      return true;
    }
    AtomicInteger leasing = inProgress.get(teamId);
    if (leasing != null && leasing.get() > 1) {
      return true;
    }
    long second = System.nanoTime() / 1_000_000_000L;
    return counts.computeIfAbsent(key, k -> new Rate()).count(second) >= busyPerSecond;
  }

  /**
   * Cuts between {@code min} and {@code wanted} for a client lease expiring at {@code leaseExpires}
   * from this instance's lease on the quota; empty when it cannot (then {@link #refill} first).
   */
  Optional<Slice> take(Quota quota, Instant start, Instant leaseExpires, BigDecimal min, BigDecimal wanted) {
    Pool pool = pools.computeIfAbsent(new Key(quota.id(), start), k -> new Pool());
    Slice slice;
    boolean renew;
    synchronized (pool) {
      if (pool.id == null || leaseExpires.plus(MARGIN).isAfter(pool.expiresAt) || pool.free.compareTo(min) < 0) {
        return Optional.empty();
      }
      BigDecimal amount = wanted.max(min).min(pool.free);
      pool.free = pool.free.subtract(amount);
      slice = new Slice(pool, pool.id, amount);
      // Ahead of need: a third left, or the next client lease could no longer be cut from it.
      renew = !pool.refillQueued && (pool.free.multiply(BigDecimal.valueOf(3)).compareTo(pool.size) < 0
          || leaseExpires.plus(clientTtl).plus(MARGIN).isAfter(pool.expiresAt));
      if (renew) {
        pool.refillQueued = true;
      }
    }
    if (renew) {
      BigDecimal smallest = min;
      ahead.execute(() -> {
        try {
          refill(quota, start, smallest, true);
        } catch (RuntimeException e) {
          LOG.warn("Could not reserve an instance lease ahead of need ({})", e.toString());
        } finally {
          synchronized (pool) {
            pool.refillQueued = false;
          }
        }
      });
    }
    return Optional.of(slice);
  }

  /** Gives back slices whose lease was not granted after all (its transaction rolled back). */
  void giveBack(List<Slice> slices) {
    for (Slice s : slices) {
      synchronized (s.pool()) {
        if (s.instanceLeaseId().equals(s.pool().id)) {
          s.pool().free = s.pool().free.add(s.amount());
        }
      }
    }
  }

  /**
   * Learns what events used beyond the grants cut from instance leases ({@code spilled}, by
   * instance lease, as the lease transaction that cut {@code cut} read it): the counter no longer
   * holds that much for the instance lease, so the current one cuts that much less.
   */
  void learnSpills(List<Slice> cut, Map<UUID, BigDecimal> spilled) {
    for (Slice s : cut) {
      BigDecimal total = spilled.get(s.instanceLeaseId());
      if (total == null) {
        continue;
      }
      synchronized (s.pool()) {
        // An earlier instance lease's spill takes from its own outstanding grants: nothing more is cut from it.
        if (s.instanceLeaseId().equals(s.pool().id) && total.compareTo(s.pool().spilled) > 0) {
          s.pool().free = s.pool().free.subtract(total.subtract(s.pool().spilled)).max(BigDecimal.ZERO);
          s.pool().spilled = total;
        }
      }
    }
  }

  /**
   * Reserves a new instance lease on the quota in the counter, giving back what was never cut of
   * the current one; false if the quota has no room for {@code min}. Unless {@code ahead}, a pool
   * that another thread refilled meanwhile is left as it is.
   */
  boolean refill(Quota quota, Instant start, BigDecimal min, boolean ahead) {
    Pool pool = pools.computeIfAbsent(new Key(quota.id(), start), k -> new Pool());
    pool.refilling.lock();
    try {
      Instant now = clock.instant();
      synchronized (pool) {
        boolean usable = pool.id != null && !now.plus(clientTtl).plus(MARGIN).isAfter(pool.expiresAt);
        if (usable && (ahead ? pool.free.multiply(BigDecimal.valueOf(3)).compareTo(pool.size) >= 0
            && !now.plus(clientTtl.multipliedBy(2)).plus(MARGIN).isAfter(pool.expiresAt)
            : pool.free.compareTo(min) >= 0)) {
          return true;
        }
      }
      UUID id = UUID.randomUUID();
      Instant expiresAt = now.plus(ttl);
      UUID current;
      BigDecimal uncut;
      synchronized (pool) {
        current = pool.id;
        uncut = pool.free;
        // From here on nothing is cut from it; if the refill fails, the rest is released at expiry.
        pool.free = BigDecimal.ZERO;
      }
      Optional<BigDecimal> reserved = Transactions.inTransaction(jdbi, h -> {
        giveBack(h, quota, start, now, current, uncut);
        Optional<BigDecimal> amount = reserve(h, quota, start, min);
        amount.ifPresent(a -> CounterSql.insertInstanceLease(h, id, quota.id(), start, instance, a, now, expiresAt));
        return amount;
      });
      if (reserved.isEmpty()) {
        return false;
      }
      synchronized (pool) {
        pool.id = id;
        pool.size = reserved.get();
        pool.free = reserved.get();
        pool.expiresAt = expiresAt;
        pool.spilled = BigDecimal.ZERO;
      }
      return true;
    } finally {
      pool.refilling.unlock();
    }
  }

  /**
   * Gives back to the counters what the quota's expired grants and instance leases no longer
   * hold, what clients returned of grants cut from any instance's lease
   * ({@link CounterSql#settleInstanceLeases}: settled early, or released unused), so that a quota
   * is not refused while an instance whose clients went away holds their returns, and what was
   * never cut of this instance's current lease ({@code uncut} of {@code current}; nothing more is
   * cut from it). Locks grants, then instance leases in id order, then counters, as ingest does.
   */
  private static void giveBack(Handle h, Quota quota, Instant start, Instant now, UUID current, BigDecimal uncut) {
    Map<Instant, BigDecimal> back = new TreeMap<>(CounterSql.releaseExpiredGrants(h, quota.id(), now));
    CounterSql.settleInstanceLeases(h, quota.id(), now).forEach((p, amount) -> back.merge(p, amount, BigDecimal::add));
    if (current != null && uncut.signum() > 0) {
      // What the instance lease still holds bounds it: spills this instance has not learned yet took their part.
      CounterSql.takeFromInstanceLeases(h, List.of(new CounterSql.InstanceTake(current, uncut, BigDecimal.ZERO)))
          .values().forEach(taken -> back.merge(start, taken, BigDecimal::add));
    }
    // Every counter the refill touches, in period order (the counter it reserves from too, created if missing).
    back.putIfAbsent(start, BigDecimal.ZERO);
    back.forEach((periodStart, amount) -> CounterSql.apply(h, quota.id(), periodStart, BigDecimal.ZERO, amount));
  }

  /**
   * Reserves {@code min(limit x fractionOfLimit, remaining x fractionOfRemaining)}, at least
   * {@code min}, in one conditional update (as a direct grant is); empty if fewer than
   * {@code min} remain.
   */
  private Optional<BigDecimal> reserve(Handle h, Quota quota, Instant start, BigDecimal min) {
    for (int attempt = 0; attempt <= 8; attempt++) {
      CounterSql.Counter counter = CounterSql.read(h, quota.id(), start, attempt == 8);
      BigDecimal remaining = quota.limit().subtract(counter.used()).subtract(counter.reserved());
      if (remaining.compareTo(min) < 0) {
        return Optional.empty();
      }
      BigDecimal amount = quota.unit().floor(quota.limit().multiply(fractionOfLimit)
          .min(remaining.multiply(fractionOfRemaining)));
      if (quota.unit() == Unit.COST) {
        amount = amount.setScale(9, RoundingMode.FLOOR).stripTrailingZeros();
      }
      amount = amount.max(min).min(remaining);
      if (CounterSql.reserveIfRoom(h, quota.id(), start, amount, quota.limit(), fractionOfRemaining, min)
          .isPresent()) {
        return Optional.of(amount);
      }
    }
    throw new IllegalStateException("a locked counter refused an instance lease sized from its own values");
  }
}
