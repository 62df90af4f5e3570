package dev.tollgate.collector.admin.subscriptions;

import dev.tollgate.collector.quota.Enforcement;
import dev.tollgate.collector.quota.Period;
import dev.tollgate.collector.quota.Unit;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * A quota as a request states it. {@code limit} is above 0 and at most 10^12 (an absurd limit
 * is more likely a typo than a budget); {@code enforcement} defaults to {@code hard};
 * {@code alert_thresholds} (percent of the limit, 1 to 1000, at most 10) default to 50, 80
 * and 100 for a new quota and are kept as they are for an existing one.
 */
public record QuotaSpec(
    @NotNull Unit unit,
    @NotNull Period period,
    @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000000000") BigDecimal limit,
    Enforcement enforcement,
    @Size(max = 10) List<@NotNull @Min(1) @Max(1000) Integer> alertThresholds) {

  public static final List<Integer> DEFAULT_ALERT_THRESHOLDS = List.of(50, 80, 100);

  /** A quota without alert thresholds of its own (the defaults, for a new quota). */
  public QuotaSpec(Unit unit, Period period, BigDecimal limit, Enforcement enforcement) {
    this(unit, period, limit, enforcement, null);
  }

  public Enforcement enforcementOrDefault() {
    return enforcement == null ? Enforcement.HARD : enforcement;
  }

  /** The thresholds as stored: sorted, or {@code current} when the request names none. */
  public List<Integer> alertThresholdsOr(List<Integer> current) {
    return alertThresholds == null ? current : alertThresholds.stream().sorted().toList();
  }
}
