package dev.tollgate.collector.usage;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sums the rows ingest appends to {@code latency_daily} into one row per key, every interval
 * ({@code usageStorage.latencyCompactionInterval}, 10 s by default), for the last {@link #DAYS} days (where ingest writes; an older day that a
 * late event reached keeps a few rows, which readers add up all the same). One pass takes up to
 * {@link #KEYS_PER_PASS} keys in one transaction: their rows are deleted and their sums appended,
 * so a report sees either the rows or their sum, never both or neither. Instances that compact
 * at once cannot lose a row: a row deleted by one is not returned to the other.
 */
final class LatencyCompaction implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(LatencyCompaction.class);
  static final int DAYS = 7;
  static final int KEYS_PER_PASS = 2_000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration interval;
  private ScheduledExecutorService thread;

  LatencyCompaction(Jdbi jdbi, Clock clock, Duration interval) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.interval = interval;
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

  @Override
  public void start() {
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tollgate-latency-compaction");
      t.setDaemon(true);
      return t;
    });
    long every = interval.toMillis();
    thread.scheduleWithFixedDelay(this::runLogged, every, every, TimeUnit.MILLISECONDS);
  }

  private void runLogged() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.warn("Latency histogram compaction failed; retrying at the next interval: {}", e.getMessage());
    }
  }

  @Override
  public void stop() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
