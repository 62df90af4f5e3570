package dev.tollgate.collector.usage;

import dev.tollgate.collector.periods.BillingMonths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The monthly partitions of {@code usage_events} and {@code charge_lines} (V13): partition
 * {@code usage_events_YYYY_MM} holds the events whose {@code ts} is in that UTC month, with its
 * lines in {@code charge_lines_YYYY_MM}; events of months without partitions are in the DEFAULT
 * partitions. This class creates months ahead, drops months past retention and forgets event ids
 * past the replay window; any number of instances may run it at once.
 */
public final class UsagePartitions {

  /** The {@code usageStorage:} settings (docs/operations.md). {@code retainMonths} 0 keeps every month. */
  public record Settings(int monthsAhead, Duration maintenanceInterval, int retainMonths, Duration replayWindow,
      Duration latencyCompactionInterval) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Settings settings;

  public UsagePartitions(Jdbi jdbi, Clock clock, Settings settings) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.settings = settings;
  }

  Settings settings() {
    return settings;
  }

  /** One maintenance pass: months ahead, retention, then ids past the replay window. */
  public void runOnce() {
    createAhead();
    applyRetention();
    forgetIds();
  }

  /** Creates the partitions of the current month and the next {@code monthsAhead}; answers the months it created. */
  public List<YearMonth> createAhead() {
    YearMonth current = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
    List<YearMonth> created = new ArrayList<>();
    for (int i = 0; i <= settings.monthsAhead(); i++) {
      YearMonth month = current.plusMonths(i);
      if (create(month)) {
        created.add(month);
      }
    }
    return created;
  }

  /** Creates {@code month}'s partitions unless they exist, moving its rows out of DEFAULT; answers whether it did. */
  public boolean create(YearMonth month) {
    return jdbi.inTransaction(h -> PartitionSql.create(h, month));
  }

  /** The months that have partitions, oldest first. */
  public List<YearMonth> months() {
    return jdbi.withHandle(PartitionSql::months);
  }

  /**
   * Drops each month older than the current one minus {@code retainMonths} that is closed and
   * whose events are all billed to closed months (a late event billed to an open month keeps
   * its month); answers the months dropped. Nothing is dropped when {@code retainMonths} is 0.
   */
  public List<YearMonth> applyRetention() {
    if (settings.retainMonths() == 0) {
      return List.of();
    }
    YearMonth oldestKept = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)).minusMonths(settings.retainMonths());
    Set<LocalDate> closed = jdbi.withHandle(BillingMonths::closed);
    List<YearMonth> dropped = new ArrayList<>();
    for (YearMonth month : months()) {
      if (month.isBefore(oldestKept) && closed.contains(month.atDay(1)) && drop(month, closed)) {
        dropped.add(month);
      }
    }
    return dropped;
  }

  /** Drops {@code month} unless one of its events is billed to a month not in {@code closed}. */
  private boolean drop(YearMonth month, Set<LocalDate> closed) {
    return jdbi.inTransaction(h -> {
      Optional<LocalDate> latest = PartitionSql.lockAndReadLatestBillingMonth(h, month);
      if (latest.isPresent()) {
        for (LocalDate m = month.atDay(1); !m.isAfter(latest.get()); m = m.plusMonths(1)) {
          if (!closed.contains(m)) {
            return false;
          }
        }
      }
      PartitionSql.drop(h, month);
      return true;
    });
  }

  /**
   * Deletes the ids of events older than the replay window that are no longer stored (older
   * than the oldest stored event); answers how many.
   */
  public int forgetIds() {
    Instant windowStart = clock.instant().minus(settings.replayWindow());
    return jdbi.withHandle(h -> {
      Instant cutoff = PartitionSql.oldestEvent(h).map(OffsetDateTime::toInstant).filter(o -> o.isBefore(windowStart))
          .orElse(windowStart);
      return PartitionSql.forgetIdsBefore(h, cutoff);
    });
  }
}
