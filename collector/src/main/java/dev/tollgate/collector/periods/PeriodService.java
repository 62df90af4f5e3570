package dev.tollgate.collector.periods;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.Cursors;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Closing months. Only a month that has ended can be closed; closing it again answers the
 * first close; nothing reopens a month.
 */
public final class PeriodService {

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuditLog audit;

  public PeriodService(Jdbi jdbi, Clock clock, AuditLog audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = audit;
  }

  /** Closes {@code month} ({@code YYYY-MM}), or answers how it was closed before. */
  public ClosedPeriod close(String actor, String month) {
    YearMonth ym = parse(month);
    Instant now = clock.instant();
    if (ym.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(now)) {
      throw ProblemException.invalid("month", "has not ended; only an ended month can be closed");
    }
    LocalDate first = ym.atDay(1);
    return jdbi.inTransaction(h -> {
      PeriodDao periods = h.attach(PeriodDao.class);
      // Alone: waits for ingest transactions that may still bill to this month.
      periods.lockExclusive();
      return periods.find(first).orElseGet(() -> {
        periods.insert(first, now, actor);
        audit.record(h, actor, "period.closed", "billing_period", ym.toString(), Map.of("month", ym.toString()));
        return periods.find(first).orElseThrow();
      });
    });
  }

  /** The closed months, newest first. */
  public Page<ClosedPeriod> list(int limit, String cursor) {
    LocalDate before = cursor == null || cursor.isBlank() ? null
        : parseCursor(Cursors.decode(cursor, 1).get(0));
    List<ClosedPeriod> rows = jdbi.withExtension(PeriodDao.class, periods -> periods.list(before, limit + 1));
    return Pages.of(rows, limit, last -> Cursors.encode(last.month()));
  }

  private static YearMonth parse(String month) {
    try {
      if (month == null || !month.matches("\\d{4}-\\d{2}")) {
        throw new DateTimeParseException("not YYYY-MM", String.valueOf(month), 0);
      }
      return YearMonth.parse(month);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest("month must be YYYY-MM", "month");
    }
  }

  private static LocalDate parseCursor(String month) {
    try {
      return YearMonth.parse(month).atDay(1);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest("cursor is not a cursor this endpoint issued", "cursor");
    }
  }
}
