package dev.tollgate.collector.periods;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The SQL of {@code billing_periods} and of the advisory lock that orders closing against
 * ingest. Ingest and re-rating take the lock shared for their transaction, closing takes it
 * exclusively: a close waits for the transactions that may still bill to the month, and the
 * ones after it see the month closed.
 */
@RegisterConstructorMapper(ClosedPeriod.class)
public interface PeriodDao {

  /** The advisory lock's key (any constant: "tollgate.billing_periods"). */
  long LOCK = 0x746f6c6c67617465L;

  String COLUMNS = "to_char(month, 'YYYY-MM') AS month, closed_at, closed_by";

  String LOCK_SHARED = "SELECT 1 FROM pg_advisory_xact_lock_shared(" + LOCK + ")";
  String CLOSED_FROM = "SELECT month FROM billing_periods WHERE month >= :from ORDER BY month";

  @SqlQuery(LOCK_SHARED)
  int lockShared();

  /**
   * {@link #lockShared()} then {@link #closedFrom(LocalDate)} as plain statements on {@code h}: every
   * ingest batch runs them, and attaching this interface costs more than both queries.
   */
  static List<LocalDate> lockSharedAndReadClosedFrom(Handle h, LocalDate from) {
    h.createQuery(LOCK_SHARED).mapTo(Integer.class).one();
    return h.createQuery(CLOSED_FROM).bind("from", from).mapTo(LocalDate.class).list();
  }

  @SqlQuery("SELECT 1 FROM pg_advisory_xact_lock(" + LOCK + ")")
  int lockExclusive();

  /** The closed months from {@code from} on, oldest first. */
  @SqlQuery(CLOSED_FROM)
  List<LocalDate> closedFrom(@Bind("from") LocalDate from);

  /** The closed months whose first day is in {@code [from, to]}, oldest first. */
  @SqlQuery("SELECT month FROM billing_periods WHERE month BETWEEN :from AND :to ORDER BY month")
  List<LocalDate> closedBetween(@Bind("from") LocalDate from, @Bind("to") LocalDate to);

  @SqlQuery("SELECT " + COLUMNS + " FROM billing_periods WHERE month = :month")
  Optional<ClosedPeriod> find(@Bind("month") LocalDate month);

  @SqlUpdate("INSERT INTO billing_periods (month, closed_at, closed_by) VALUES (:month, :at, :by)")
  void insert(@Bind("month") LocalDate month, @Bind("at") Instant closedAt, @Bind("by") String closedBy);

  /** Newest first, months before {@code before} (null: from the newest). */
  @SqlQuery("SELECT " + COLUMNS + " FROM billing_periods "
      + "WHERE CAST(:before AS date) IS NULL OR month < :before ORDER BY month DESC LIMIT :limit")
  List<ClosedPeriod> list(@Bind("before") LocalDate before, @Bind("limit") int limit);
}
