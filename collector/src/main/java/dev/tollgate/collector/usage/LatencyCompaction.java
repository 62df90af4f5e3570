package dev.tollgate.collector.usage;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Sums the rows ingest appends to {@code latency_daily} into one row per key, for the last
 * {@link #DAYS} days, where ingest writes (an older day that a late event reached keeps a few
 * rows, which readers add up all the same); the application runs it every
 * {@code usageStorage.latencyCompactionInterval} (10 s by default). One pass takes up to
 * {@link #KEYS_PER_PASS} keys in one transaction: their rows are deleted and their sums appended,
 * so a report sees either the rows or their sum, never both or neither. Instances that compact
 * at once cannot lose a row: a row deleted by one is not returned to the other.
 */
final class LatencyCompaction {

  static final int DAYS = 7;
  static final int KEYS_PER_PASS = 2_000;

  private final Jdbi jdbi;
  private final Clock clock;

  LatencyCompaction(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** One pass; returns how many keys it compacted. */
  int runOnce() {
    LocalDate since = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(DAYS);
    return jdbi.inTransaction(h -> {
      List<LatencyRollups.Key> keys = LatencyRollupSql.keysWithSeveralRows(h, since, KEYS_PER_PASS);
      if (keys.isEmpty()) {
        return 0;
      }
      LatencyRollups sums = new LatencyRollups();
      LatencyRollupSql.take(h, LatencyRollups.keyColumns(keys)).forEach(sums::add);
      sums.write(h);
      return keys.size();
    });
  }
}
