package dev.tollgate.collector.quota;

import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One quota's state in its current period. {@code reserved} counts unexpired reservations only
 * (lease grants and instance leases); {@code remaining} is {@code limit - used - reserved}, never
 * below 0. Shown in two forms: {@link #toJson()} to client tokens (GET /v1/quota) and, as its
 * JSON value, to admins (GET /v1/admin/subscriptions/{id}/quotas).
 */
public record QuotaState(Quota quota, Instant periodStart, Optional<Instant> periodEnd, BigDecimal used,
    BigDecimal reserved) {

  public BigDecimal remaining() {
    return quota.limit().subtract(used).subtract(reserved).max(BigDecimal.ZERO);
  }

  /** The GET /v1/quota item. */
  public Map<String, Object> toJson() {
    Unit unit = quota.unit();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("quota_id", quota.id());
    out.put("subscription_id", quota.subscriptionId());
    out.put("unit", unit.wireName());
    out.put("period", quota.period().wireName());
    out.put("enforcement", quota.hard() ? "hard" : "soft");
    out.put("limit", unit.json(quota.limit()));
    out.put("used", exact(unit, used));
    out.put("reserved", exact(unit, reserved));
    out.put("remaining", exact(unit, remaining()));
    out.put("period_start", periodStart);
    out.put("period_end", periodEnd.orElse(null));
    return out;
  }

  /** The period this state is of; for a total quota the admin API shows the subscription's own bounds. */
  public QuotaState withPeriod(Instant start, Optional<Instant> end) {
    return new QuotaState(quota, start, end, used, reserved);
  }

  /** The admin API's item: amounts as exact decimals. */
  @JsonValue
  public Map<String, Object> adminJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("quota_id", quota.id());
    out.put("unit", quota.unit().wireName());
    out.put("period", quota.period().wireName());
    out.put("limit", quota.limit());
    out.put("enforcement", quota.enforcement().wireName());
    out.put("used", used);
    out.put("reserved", reserved);
    out.put("remaining", remaining());
    out.put("period_start", periodStart);
    out.put("period_end", periodEnd.orElse(null));
    return out;
  }

  /** The {@code quota} member of a 402 body, as the spec shows it. */
  public Map<String, Object> refusalJson() {
    Unit unit = quota.unit();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("quota_id", quota.id());
    out.put("unit", unit.wireName());
    out.put("period", quota.period().wireName());
    out.put("limit", unit.json(quota.limit()));
    out.put("used", exact(unit, used));
    out.put("period_end", periodEnd.orElse(null));
    return out;
  }

  /** Used and reserved keep every digit (a cost sum is exact); counts are whole anyway. */
  private static Object exact(Unit unit, BigDecimal value) {
    return unit == Unit.COST ? value.stripTrailingZeros().toPlainString() : value.stripTrailingZeros();
  }
}
