package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A limit of a subscription over a calendar period; {@code hard} refuses leases beyond it,
 * {@code soft} only warns. {@code alertThresholds} are the percentages of the limit whose
 * crossing raises an alert. Admission, leasing, ingest, re-rating and the admin API all use
 * this record; the admin API shows it as it is.
 */
public record Quota(UUID id, UUID subscriptionId, Unit unit, Period period, BigDecimal limit,
    Enforcement enforcement, List<Integer> alertThresholds, Instant createdAt) {

  public Quota {
    alertThresholds = List.copyOf(alertThresholds);
  }

  public boolean hard() {
    return enforcement == Enforcement.HARD;
  }
}
