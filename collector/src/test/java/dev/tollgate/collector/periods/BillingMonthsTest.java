package dev.tollgate.collector.periods;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingMonthsTest {

  @Test
  void anEventIsBilledToItsOwnMonthUnlessClosedThenToTheFirstOpenOneAfter() {
    BillingMonths billing = new BillingMonths(List.of(LocalDate.parse("2026-09-01"), LocalDate.parse("2026-10-01"),
        LocalDate.parse("2026-12-01")));
    assertThat(billing.of(Instant.parse("2026-08-31T23:59:59.999Z"))).isEqualTo("2026-08-01");
    assertThat(billing.of(Instant.parse("2026-09-01T00:00:00Z"))).isEqualTo("2026-11-01");
    assertThat(billing.of(Instant.parse("2026-10-31T23:59:59Z"))).isEqualTo("2026-11-01");
    assertThat(billing.of(Instant.parse("2026-11-15T00:00:00Z"))).isEqualTo("2026-11-01");
    assertThat(billing.of(Instant.parse("2026-12-02T00:00:00Z"))).isEqualTo("2027-01-01");
  }

  @Test
  void monthsAreUtc() {
    BillingMonths none = new BillingMonths(List.of());
    assertThat(none.of(Instant.parse("2026-11-30T23:30:00Z"))).isEqualTo("2026-11-01");
    assertThat(none.of(Instant.parse("2026-12-01T00:00:00Z"))).isEqualTo("2026-12-01");
  }
}
