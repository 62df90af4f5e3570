package dev.tollgate.collector.periods;

import dev.tollgate.collector.common.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * Which month an event is billed to: its own UTC month, or, when that month is closed, the
 * first open month after it. Read inside the writing transaction after taking the periods
 * lock shared ({@link #lock}), so a month cannot close between this read and the commit.
 */
public final class BillingMonths {

  private final Set<LocalDate> closed;

  BillingMonths(List<LocalDate> closed) {
    this.closed = new TreeSet<>(closed);
  }

  /** Takes the periods lock shared for the transaction and reads the closed months from {@code earliest}'s month on. */
  public static BillingMonths lock(Handle h, Instant earliest) {
    return new BillingMonths(PeriodDao.lockSharedAndReadClosedFrom(h, firstDay(earliest)));
  }

  /**
   * Takes the periods lock shared and refuses (422 naming {@code field}) when a month that
   * {@code [from, to)} touches is closed: re-rating must not change a closed month.
   */
  public static void requireOpen(Handle h, Instant from, Instant to, String field) {
    PeriodDao periods = h.attach(PeriodDao.class);
    periods.lockShared();
    List<LocalDate> closed = periods.closedBetween(firstDay(from), firstDay(to.minusNanos(1)));
    if (!closed.isEmpty()) {
      throw ProblemException.invalid(field, "touches the closed month " + YearMonth.from(closed.get(0))
          + "; a closed month is never re-rated");
    }
  }

  /** Every closed month (its first day); nothing reopens a month, so the answer only grows. */
  public static Set<LocalDate> closed(Handle h) {
    return new TreeSet<>(h.attach(PeriodDao.class).closedFrom(LocalDate.of(1, 1, 1)));
  }

  /** The first day of the month {@code ts} is billed to. */
  public LocalDate of(Instant ts) {
    LocalDate month = firstDay(ts);
    while (closed.contains(month)) {
      month = month.plusMonths(1);
    }
    return month;
  }

  static LocalDate firstDay(Instant ts) {
    return LocalDate.ofInstant(ts, ZoneOffset.UTC).withDayOfMonth(1);
  }
}
