package dev.tollgate.collector.admin.subscriptions;

import dev.tollgate.collector.quota.Period;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/**
 * A quota as a request states it. {@code limit} is above 0 and at most 10^12 (an absurd limit
 * is more likely a typo than a budget); {@code enforcement} defaults to {@code hard}.
 */
public record QuotaSpec(
    @NotNull QuotaUnit unit,
    @NotNull Period period,
    @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000000000") BigDecimal limit,
    Enforcement enforcement) {

  public Enforcement enforcementOrDefault() {
    return enforcement == null ? Enforcement.HARD : enforcement;
  }
}
