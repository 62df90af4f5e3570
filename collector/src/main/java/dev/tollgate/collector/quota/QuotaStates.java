package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Live quota state: used and reserved from the counters, less what expired leases still
 * hold (so an expired lease stops counting at once, even before a lease releases it in the
 * counter). The one reading of quota state: GET /v1/quota, the admin API, the console and
 * the metrics.
 */
public final class QuotaStates {

  /** How long {@link #cached} may answer from memory. */
  static final Duration CACHE_FOR = Duration.ofMillis(250);
  private static final int CACHE_TEAMS = 10_000;

  private record Cached(long nanos, Instant at, List<QuotaState> states) {}

  /** Per process (an instance): a team's states as last read, dropped by this process's own writes. */
  private static final Map<UUID, Cached> CACHE = new ConcurrentHashMap<>();

  private QuotaStates() {}

  /**
   * The team's states as read at most {@link #CACHE_FOR} ago by this instance (by the wall
   * clock and by the collector's clock), unless this instance changed the team's quotas since:
   * leases, settles, ingest, re-rating and subscription changes here drop the team's entry
   * ({@link #forget}); other instances' changes show within {@link #CACHE_FOR}. For {@code GET
   * /v1/quota} only: leasing and ingest never read it, so the overshoot bound does not depend on it.
   */
  public static List<QuotaState> cached(UUID teamId, Instant now, Supplier<List<QuotaState>> read) {
    long nanos = System.nanoTime();
    Cached c = CACHE.get(teamId);
    if (c != null && nanos - c.nanos() < CACHE_FOR.toNanos() && !now.isBefore(c.at())
        && now.isBefore(c.at().plus(CACHE_FOR))) {
      return c.states();
    }
    List<QuotaState> states = read.get();
    if (CACHE.size() >= CACHE_TEAMS) {
      CACHE.clear();
    }
    CACHE.put(teamId, new Cached(nanos, now, states));
    return states;
  }

  /** Drops the team's cached states: this instance just changed them. */
  public static void forget(UUID teamId) {
    CACHE.remove(teamId);
  }

  public static List<QuotaState> read(Handle h, List<Quota> quotas, Instant now) {
    if (quotas.isEmpty()) {
      return List.of();
    }
    String[] ids = new String[quotas.size()];
    String[] starts = new String[quotas.size()];
    for (int i = 0; i < quotas.size(); i++) {
      ids[i] = quotas.get(i).id().toString();
      starts[i] = quotas.get(i).period().start(now).toString();
    }
    Map<UUID, BigDecimal[]> values = LeaseSql.usedAndReserved(h, ids, starts, now);
    return quotas.stream().map(q -> {
      Instant start = q.period().start(now);
      BigDecimal[] v = values.getOrDefault(q.id(), new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      return new QuotaState(q, start, q.period().end(start), v[0], v[1]);
    }).toList();
  }
}
