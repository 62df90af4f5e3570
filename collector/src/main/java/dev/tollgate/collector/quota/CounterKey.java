package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.UuidOrder;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/** A quota counter's key: the quota and the start of its period. */
record CounterKey(UUID quotaId, Instant periodStart) {

  /** The order counters are locked in, by every path: PostgreSQL's order of (quota_id, period_start). */
  static final Comparator<CounterKey> ORDER =
      Comparator.comparing(CounterKey::quotaId, UuidOrder.POSTGRES).thenComparing(CounterKey::periodStart);
}
