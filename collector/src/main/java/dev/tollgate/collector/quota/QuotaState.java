package dev.tollgate.collector.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One quota's state in its current period. {@code reserved} counts unexpired, unused lease grants only. */
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
