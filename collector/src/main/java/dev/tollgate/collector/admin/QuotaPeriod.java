package dev.tollgate.collector.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * A quota's period: calendar periods in UTC. A {@code day} starts at midnight UTC, a
 * {@code week} on Monday (ISO weeks), a {@code month} on its first day; a {@code total} quota
 * has one period that never ends, keyed at the epoch. {@code quota_counters.period_start} is
 * {@link #start(Instant)} of the period an amount was counted in, so periods roll over
 * without any job.
 */
public enum QuotaPeriod {
  @JsonProperty("day") DAY,
  @JsonProperty("week") WEEK,
  @JsonProperty("month") MONTH,
  @JsonProperty("total") TOTAL;

  /** The first instant of the period that holds {@code at}. */
  public Instant start(Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    LocalDate first = switch (this) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
      case TOTAL -> LocalDate.EPOCH;
    };
    return first.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The first instant after the period that holds {@code at}; empty for {@code total}. */
  public Optional<Instant> end(Instant at) {
    LocalDate first = LocalDate.ofInstant(start(at), ZoneOffset.UTC);
    LocalDate next = switch (this) {
      case DAY -> first.plusDays(1);
      case WEEK -> first.plusWeeks(1);
      case MONTH -> first.plusMonths(1);
      case TOTAL -> null;
    };
    return Optional.ofNullable(next).map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** The value stored in the database and shown on the wire. */
  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static QuotaPeriod fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
