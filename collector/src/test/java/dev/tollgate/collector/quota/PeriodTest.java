package dev.tollgate.collector.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeriodTest {

  @ParameterizedTest(name = "{0} at {1}: [{2}, {3})")
  @CsvSource({
      "DAY,   2026-11-27T10:15:30Z,        2026-11-27T00:00:00Z, 2026-11-28T00:00:00Z",
      "DAY,   2026-11-27T00:00:00Z,        2026-11-27T00:00:00Z, 2026-11-28T00:00:00Z",
      "DAY,   2026-11-27T23:59:59.999999Z, 2026-11-27T00:00:00Z, 2026-11-28T00:00:00Z",
      // 2026-11-27 is a Friday; ISO weeks start on Monday.
      "WEEK,  2026-11-27T10:15:30Z,        2026-11-23T00:00:00Z, 2026-11-30T00:00:00Z",
      "WEEK,  2026-11-23T00:00:00Z,        2026-11-23T00:00:00Z, 2026-11-30T00:00:00Z",
      "WEEK,  2026-11-29T23:59:59Z,        2026-11-23T00:00:00Z, 2026-11-30T00:00:00Z",
      // A week across a year boundary.
      "WEEK,  2027-01-01T12:00:00Z,        2026-12-28T00:00:00Z, 2027-01-04T00:00:00Z",
      "MONTH, 2026-11-27T10:15:30Z,        2026-11-01T00:00:00Z, 2026-12-01T00:00:00Z",
      "MONTH, 2026-12-31T23:59:59Z,        2026-12-01T00:00:00Z, 2027-01-01T00:00:00Z",
      "MONTH, 2028-02-29T08:00:00Z,        2028-02-01T00:00:00Z, 2028-03-01T00:00:00Z",
  })
  void calendarPeriodsInUtc(Period period, Instant at, Instant start, Instant end) {
    assertThat(period.start(at)).isEqualTo(start);
    assertThat(period.end(period.start(at))).contains(end);
  }

  @ParameterizedTest
  @CsvSource({"2026-11-27T10:15:30Z", "1999-01-01T00:00:00Z"})
  void aTotalQuotaHasOneEndlessPeriodKeyedAtTheEpoch(Instant at) {
    assertThat(Period.TOTAL.start(at)).isEqualTo(Instant.EPOCH);
    assertThat(Period.TOTAL.end(Period.TOTAL.start(at))).isEmpty();
  }
}
