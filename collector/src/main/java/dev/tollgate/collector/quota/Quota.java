package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * A limit over a calendar period; {@code hard} refuses leases beyond it, {@code soft} only warns.
 * {@code alertThresholds} are the percentages of the limit whose crossing raises an alert.
 */
public record Quota(UUID id, UUID subscriptionId, Unit unit, Period period, BigDecimal limit, boolean hard,
    List<Integer> alertThresholds) {

  public Quota {
    alertThresholds = List.copyOf(alertThresholds);
  }
}
