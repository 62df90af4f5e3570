package dev.tollgate.collector.quota;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * A quota's calendar period in UTC. A counter row is keyed by its period's start, so a
 * new period starts at zero by itself: no job rolls anything over.
 */
public enum Period {
  @JsonProperty("day") DAY,
  @JsonProperty("week") WEEK,
  @JsonProperty("month") MONTH,
  @JsonProperty("total") TOTAL;

  /** The start of the period {@code at} falls in; {@code total} has one period starting at the epoch. */
  public Instant start(Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    LocalDate first = switch (this) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
      case TOTAL -> LocalDate.of(1970, 1, 1);
    };
    return first.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The end (exclusive) of the period starting at {@code start}; none for {@code total}. */
  public Optional<Instant> end(Instant start) {
    LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
    return switch (this) {
      case DAY -> Optional.of(first.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
      case WEEK -> Optional.of(first.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant());
      case MONTH -> Optional.of(first.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant());
      case TOTAL -> Optional.empty();
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Period fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
