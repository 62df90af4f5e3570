package dev.tollgate.collector.usage;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** A team's spend on a day and over the seven days before it, read from the daily rollup. */
final class DailySpendSql {

  /**
   * Spend in one currency: on the day, and summed over the seven days before it;
   * {@code historyStart} is the team's first day with usage.
   */
  record Spend(String currency, BigDecimal day, BigDecimal previousSevenDays, LocalDate historyStart) {

    /** Whether the team has usage from a full week before {@code day} on (a younger team has no average yet). */
    boolean hasFullWeekBefore(LocalDate day) {
      return !historyStart.isAfter(day.minusDays(7));
    }
  }

  private DailySpendSql() {}

  /** The currency with the most spend on {@code day}, if the team spent anything in the eight days. */
  static Optional<Spend> highest(Handle h, UUID teamId, LocalDate day) {
    List<Spend> spends = h.createQuery("""
            SELECT currency, COALESCE(sum(cost) FILTER (WHERE day = :day), 0) AS spend,
                   COALESCE(sum(cost) FILTER (WHERE day < :day), 0) AS previous,
                   (SELECT min(day) FROM usage_daily WHERE team_id = :team) AS history_start
            FROM usage_daily
            WHERE team_id = :team AND day BETWEEN CAST(:day AS date) - 7 AND :day
            GROUP BY currency""")
        .bind("team", teamId).bind("day", day)
        .map((rs, ctx) -> new Spend(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
            rs.getObject(4, LocalDate.class)))
        .list();
    return spends.stream().max(Comparator.comparing(Spend::day));
  }
}
