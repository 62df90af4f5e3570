package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.Transactions;
import io.dropwizard.lifecycle.Managed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases written behind (docs/architecture.md, "Leases written behind"): a group of leases
 * ({@link LeaseService#leaseGroup}) is answered as soon as it is decided, and its rows (the new
 * leases and grants, the settles of the leases they replace) are written afterwards by one
 * thread, many groups in one transaction. Until its rows are committed, a group's writes are
 * kept here as an overlay that later groups on this instance read on top of PostgreSQL, so that
 * one instance keeps every rule exactly (one lease per client and (endpoint, model), the
 * client's share, settling what a renewal replaces).
 *
 * <p>Nothing is reserved behind: the grants are cut from this instance's instance lease, whose
 * reservation is in the counter before any grant is cut, so the overshoot bound does not depend
 * on when the rows are written. What another instance sees late, for as long as a write takes:
 * a settle of a lease not yet written is tried again at the next writes until the lease would
 * have expired; an event of a lease not yet written counts in the counter without the lease
 * (counted as used while the lease's grant is still reserved, so the quota is stricter for that
 * moment, never looser; the grant's unused part returns when it is settled or expires).
 */
final class LeaseWriter implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseWriter.class);
  /** Settles of unknown leases kept for trying again at most; beyond, the oldest are dropped. */
  static final int MAX_RETRIES = 10_000;
  /** How long a caller waits for this instance's writes before it reads PostgreSQL (a lease alone, a settle). */
  static final Duration AWAIT = Duration.ofSeconds(2);
  private static final Duration RETRY_EVERY = Duration.ofMillis(20);
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  /** A lease of a group, its grants cut from {@code slices}. */
  record Pending(LeaseSql.NewLease lease, List<InstanceLeases.Slice> slices) {}

  /**
   * One group's writes: its new leases, the settles that its renewals named ({@code settlings},
   * checked against their owner), and the client's own leases that it settles ({@code settle}:
   * the previous lease of an (endpoint, model), the oldest to make room under the client's share).
   */
  record Writes(List<Pending> leases, List<SettleService.Settling> settlings, Map<UUID, List<UUID>> settle) {}

  /** A lease not yet written, as the overlay shows it to later groups. */
  record Unwritten(UUID leaseId, String endpoint, String model, Instant expiresAt, Map<CounterKey, BigDecimal> grants) {}

  /**
   * What is not yet written, as of one moment: each client's unwritten leases (oldest first) and
   * the leases it is settling. Read before PostgreSQL, it covers whatever a write commits meanwhile.
   */
  record Overlay(Map<UUID, List<Unwritten>> leases, Map<UUID, Set<UUID>> settling) {

    /** Nothing unwritten: what a group that writes before answering reads on top of PostgreSQL. */
    static final Overlay NONE = new Overlay(Map.of(), Map.of());

    /** Shows the client's lease {@code leaseId} as settling too (a renewal of the group being decided). */
    void settle(UUID clientId, UUID leaseId) {
      settling.computeIfAbsent(clientId, c -> new HashSet<>()).add(leaseId);
    }

    /**
     * The client's open leases for {@code endpoint} and {@code model}: {@code stored} (as
     * PostgreSQL shows them) and its unwritten ones, less those it is settling.
     */
    List<UUID> openLeases(UUID clientId, String endpoint, String model, List<UUID> stored, Instant now) {
      Set<UUID> open = new LinkedHashSet<>();
      for (UUID id : stored) {
        if (!settling(clientId, id)) {
          open.add(id);
        }
      }
      for (Unwritten u : leasesOf(clientId)) {
        if (u.endpoint().equals(endpoint) && u.model().equals(model) && u.expiresAt().isAfter(now)
            && !settling(clientId, u.leaseId())) {
          open.add(u.leaseId());
        }
      }
      return List.copyOf(open);
    }

    /**
     * What the client's open leases hold unused of a quota's period: {@code stored} (oldest
     * first) and then its unwritten leases' grants, less the leases it is settling. A lease both
     * stored and unwritten (written since this overlay was taken) counts once, as stored.
     */
    List<CounterSql.Held> held(UUID clientId, CounterKey counter, List<CounterSql.Held> stored, Instant now) {
      List<CounterSql.Held> held = new ArrayList<>();
      Set<UUID> seen = new HashSet<>();
      for (CounterSql.Held h : stored) {
        seen.add(h.leaseId());
        if (!settling(clientId, h.leaseId())) {
          held.add(h);
        }
      }
      for (Unwritten u : leasesOf(clientId)) {
        BigDecimal amount = u.grants().get(counter);
        if (amount != null && !seen.contains(u.leaseId()) && u.expiresAt().isAfter(now)
            && !settling(clientId, u.leaseId())) {
          held.add(new CounterSql.Held(u.leaseId(), amount));
        }
      }
      return held;
    }

    private List<Unwritten> leasesOf(UUID clientId) {
      return leases.getOrDefault(clientId, List.of());
    }

    private boolean settling(UUID clientId, UUID leaseId) {
      return settling.getOrDefault(clientId, Set.of()).contains(leaseId);
    }
  }

  /** A settle whose lease was not found (not yet written by the instance that granted it). */
  private record Retry(SettleService.Settling settling, Instant until) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final InstanceLeases instanceLeases;
  private final Duration ttl;
  private final Duration delay;
  private final Thread thread;

  private final Object lock = new Object();
  private List<Writes> queued = new ArrayList<>();
  private List<Retry> retries = new ArrayList<>();
  private final Map<UUID, List<Unwritten>> unwritten = new HashMap<>();
  private final Map<UUID, Map<UUID, Integer>> settling = new HashMap<>();
  /** Writes handed over so far, and how many of them are done (written, or given up). */
  private long handed;
  private long done;
  private volatile boolean stopped;
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong written = new AtomicLong();

  /** {@code delay}: how long the writer gathers groups before it writes them (0: as soon as it is free). */
  LeaseWriter(Jdbi jdbi, Clock clock, InstanceLeases instanceLeases, Duration ttl, Duration delay) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.instanceLeases = instanceLeases;
    this.ttl = ttl;
    this.delay = delay;
    this.thread = new Thread(this::run, "quota-lease-writer");
    thread.setDaemon(true);
  }

  @Override
  public void start() {
    thread.start();
  }

  /** Writes what is left, then stops. */
  @Override
  public void stop() throws InterruptedException {
    stopped = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    thread.join(AWAIT.toMillis());
  }

  /** Whether the writer runs: when it does not, groups write their rows before answering. */
  boolean running() {
    return !stopped && thread.isAlive();
  }

  /** Transactions written so far, and leases they wrote. */
  long transactions() {
    return transactions.get();
  }

  long written() {
    return written.get();
  }

  /** Groups whose writes are handed over and not yet done. */
  long pending() {
    synchronized (lock) {
      return handed - done;
    }
  }

  /** What is not written yet; to be taken before reading PostgreSQL. */
  Overlay overlay() {
    synchronized (lock) {
      Map<UUID, List<Unwritten>> leases = new HashMap<>();
      unwritten.forEach((client, list) -> leases.put(client, List.copyOf(list)));
      Map<UUID, Set<UUID>> settles = new HashMap<>();
      settling.forEach((client, ids) -> settles.put(client, new HashSet<>(ids.keySet())));
      return new Overlay(leases, settles);
    }
  }

  /**
   * A settle of a lease not found, which another instance may not have written yet: tried at
   * the next writes until {@code until} (when that lease would have expired), then dropped.
   */
  void settleLater(SettleService.Settling settling, Instant until) {
    synchronized (lock) {
      addSettling(settling.clientId(), settling.leaseId());
      retries.add(new Retry(settling, until));
      lock.notifyAll();
    }
  }

  /** Hands over a group's writes: from now on, the overlay shows them until they are written. */
  void write(Writes writes) {
    synchronized (lock) {
      for (Pending p : writes.leases()) {
        LeaseSql.NewLease l = p.lease();
        Map<CounterKey, BigDecimal> grants = new HashMap<>();
        l.grants().forEach(g -> grants.put(new CounterKey(g.quotaId(), g.periodStart()), g.amount()));
        unwritten.computeIfAbsent(l.clientId(), c -> new ArrayList<>())
            .add(new Unwritten(l.leaseId(), l.endpoint(), l.model(), l.expiresAt(), grants));
      }
      writes.settlings().forEach(s -> addSettling(s.clientId(), s.leaseId()));
      writes.settle().forEach((client, ids) -> ids.forEach(id -> addSettling(client, id)));
      queued.add(writes);
      handed++;
      lock.notifyAll();
    }
  }

  private void addSettling(UUID clientId, UUID leaseId) {
    settling.computeIfAbsent(clientId, c -> new HashMap<>()).merge(leaseId, 1, Integer::sum);
  }

  private void removeSettling(UUID clientId, UUID leaseId) {
    Map<UUID, Integer> ids = settling.get(clientId);
    if (ids != null && ids.computeIfPresent(leaseId, (id, n) -> n == 1 ? null : n - 1) == null && ids.isEmpty()) {
      settling.remove(clientId);
    }
  }

  /**
   * Waits until every write handed over before this call is done (at most {@link #AWAIT}), so
   * that what this instance granted is in PostgreSQL: a lease granted alone and a settle read
   * from there.
   */
  void awaitWritten() {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    synchronized (lock) {
      long mine = handed;
      while (done < mine && running()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void run() {
    List<Writes> batch = List.of();
    long upTo = 0;
    while (true) {
      List<Retry> retrying;
      synchronized (lock) {
        if (batch.isEmpty()) {
          while (queued.isEmpty() && !stopped) {
            try {
              if (retries.isEmpty()) {
                lock.wait();
              } else {
                lock.wait(RETRY_EVERY.toMillis());
                break;
              }
            } catch (InterruptedException e) {
              stopped = true;
            }
          }
          if (queued.isEmpty() && retries.isEmpty() && stopped) {
            lock.notifyAll();
            return;
          }
        }
      }
      if (!delay.isZero() && !stopped) {
        sleep(delay);
      }
      synchronized (lock) {
        if (!queued.isEmpty()) {
          List<Writes> more = new ArrayList<>(batch);
          more.addAll(queued);
          batch = more;
          queued = new ArrayList<>();
          upTo = handed;
        }
        retrying = retries;
        retries = new ArrayList<>();
      }
      if (writeOrKeep(batch, retrying)) {
        synchronized (lock) {
          done = upTo;
          lock.notifyAll();
        }
        batch = List.of();
      } else if (stopped) {
        synchronized (lock) {
          done = upTo;
          lock.notifyAll();
        }
        return;
      } else {
        sleep(AFTER_FAILURE);
      }
    }
  }

  /**
   * Writes {@code batch} and tries {@code retrying} again, in one transaction; true when done
   * (written, or what was written too late dropped). On failure the retries go back to the list
   * and the batch is kept for the next attempt.
   */
  private boolean writeOrKeep(List<Writes> batch, List<Retry> retrying) {
    if (batch.isEmpty() && retrying.isEmpty()) {
      return true;
    }
    Instant now = clock.instant();
    List<LeaseSql.NewLease> rows = new ArrayList<>();
    List<InstanceLeases.Slice> cut = new ArrayList<>();
    List<SettleService.Settling> settlings = new ArrayList<>();
    Map<SettleService.Settling, Instant> until = new HashMap<>();
    List<UUID> settle = new ArrayList<>();
    for (Writes w : batch) {
      for (Pending p : w.leases()) {
        // A lease that expired before it could be written is dead: its events count without it.
        if (p.lease().expiresAt().isAfter(now)) {
          rows.add(p.lease());
          cut.addAll(p.slices());
        }
      }
      for (SettleService.Settling s : w.settlings()) {
        settlings.add(s);
        // Tried again while the lease it names may still be written by the instance that granted it.
        until.put(s, LeaseIds.madeAt(s.leaseId()).filter(made -> !made.isAfter(now.plusSeconds(1)))
            .map(made -> made.plus(ttl)).orElse(now));
      }
      w.settle().values().forEach(settle::addAll);
    }
    for (Retry r : retrying) {
      if (r.until().isAfter(now)) {
        settlings.add(r.settling());
        until.put(r.settling(), r.until());
      } else {
        synchronized (lock) {
          removeSettling(r.settling().clientId(), r.settling().leaseId());
        }
      }
    }
    Map<UUID, BigDecimal> spilled;
    Set<UUID> found;
    try {
      // Leases first: a settle in the same batch may name one of them. Two transactions, each locking in
      // ingest's order (the leases' advisory locks, grants, instance leases, counters; then the settles'
      // leases, grants, counters). Inserting again after a failure changes nothing.
      spilled = rows.isEmpty() ? Map.of() : Transactions.inTransaction(jdbi, h -> insert(h, rows, now));
      found = Transactions.inTransaction(jdbi, h -> {
        Set<UUID> settled = settlings.isEmpty() ? Set.of() : SettleService.settle(h, settlings, now);
        CounterSql.settleLeases(h, settle, now);
        return settled;
      });
    } catch (RuntimeException e) {
      LOG.warn("Could not write {} leases and {} settles, trying again ({})", rows.size(),
          settlings.size() + settle.size(), e.toString());
      synchronized (lock) {
        retries.addAll(0, retrying.stream().filter(r -> r.until().isAfter(now)).toList());
      }
      return false;
    }
    transactions.incrementAndGet();
    written.addAndGet(rows.size());
    if (!cut.isEmpty()) {
      instanceLeases.learnSpills(cut, spilled);
    }
    synchronized (lock) {
      for (Writes w : batch) {
        for (Pending p : w.leases()) {
          List<Unwritten> list = unwritten.get(p.lease().clientId());
          if (list != null) {
            list.removeIf(u -> u.leaseId().equals(p.lease().leaseId()));
            if (list.isEmpty()) {
              unwritten.remove(p.lease().clientId());
            }
          }
        }
        w.settle().forEach((client, ids) -> ids.forEach(id -> removeSettling(client, id)));
      }
      for (SettleService.Settling s : settlings) {
        if (found.contains(s.leaseId()) || !until.get(s).isAfter(now)) {
          removeSettling(s.clientId(), s.leaseId());
        } else {
          retries.add(new Retry(s, until.get(s)));
        }
      }
      while (retries.size() > MAX_RETRIES) {
        Retry dropped = retries.remove(0);
        removeSettling(dropped.settling().clientId(), dropped.settling().leaseId());
      }
    }
    return true;
  }

  /**
   * Inserts the leases and charges their grants with what events used under them before they
   * were written (kept by ingest, {@link QuotaConsumption}), under the leases' advisory locks;
   * returns what has spilled into their instance leases.
   */
  private static Map<UUID, BigDecimal> insert(org.jdbi.v3.core.Handle h, List<LeaseSql.NewLease> rows, Instant now) {
    List<UUID> ids = rows.stream().map(LeaseSql.NewLease::leaseId).toList();
    LeaseSql.lockUnwritten(h, ids);
    Map<UUID, BigDecimal> spilled = LeaseSql.insert(h, rows);
    Map<UUID, List<QuotaConsumption.Use>> early = new HashMap<>();
    for (LeaseSql.UnwrittenUse u : LeaseSql.takeUnwritten(h, ids, now.minus(LeaseIds.UNWRITTEN_FOR))) {
      early.computeIfAbsent(u.teamId(), t -> new ArrayList<>())
          .add(new QuotaConsumption.Use(u.leaseId(), u.quotaId(), u.periodStart(), u.amount()));
    }
    early.forEach((team, uses) -> QuotaConsumption.apply(h, team, uses, now, true));
    return spilled;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
