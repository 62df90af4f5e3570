package dev.tollgate.collector.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/** The SQL of the monthly partitions ({@link UsagePartitions}); table names come only from a {@link YearMonth}. */
final class PartitionSql {

  private static final Pattern MONTH = Pattern.compile("usage_events_(\\d{4})_(\\d{2})");
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");

  private PartitionSql() {}

  /** V13's {@code tollgate_create_usage_month}: creates the month unless it exists, moving its rows out of DEFAULT. */
  static boolean create(Handle h, YearMonth month) {
    return h.createQuery("SELECT tollgate_create_usage_month(:day)").bind("day", month.atDay(1))
        .mapTo(Boolean.class).one();
  }

  /** The months that have partitions, oldest first. */
  static List<YearMonth> months(Handle h) {
    return h.createQuery("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = CAST('usage_events' AS regclass)""")
        .mapTo(String.class).list().stream()
        .map(MONTH::matcher).filter(Matcher::matches)
        .map(m -> YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
        .sorted().toList();
  }

  /**
   * Locks both tables exclusively (waiting at most 5 s, then failing) for the rest of the
   * transaction, and answers the latest billing month of {@code month}'s events.
   */
  static Optional<LocalDate> lockAndReadLatestBillingMonth(Handle h, YearMonth month) {
    h.execute("SET LOCAL lock_timeout = '5s'");
    h.execute("LOCK TABLE usage_events, charge_lines IN ACCESS EXCLUSIVE MODE");
    return h.createQuery("SELECT max(billing_month) FROM usage_events_" + month.format(SUFFIX))
        .mapTo(LocalDate.class).findOne();
  }

  static void drop(Handle h, YearMonth month) {
    String suffix = month.format(SUFFIX);
    h.execute("DROP TABLE usage_events_" + suffix + ", charge_lines_" + suffix);
  }

  static Optional<OffsetDateTime> oldestEvent(Handle h) {
    return h.createQuery("SELECT min(ts) FROM usage_events").mapTo(OffsetDateTime.class).findOne();
  }

  /** Deletes the ids of events older than {@code cutoff}; answers how many. */
  static int forgetIdsBefore(Handle h, Instant cutoff) {
    return h.createUpdate("DELETE FROM usage_event_ids WHERE ts < :cutoff").bind("cutoff", cutoff).execute();
  }
}
