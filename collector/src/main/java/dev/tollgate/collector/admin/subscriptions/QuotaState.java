package dev.tollgate.collector.admin.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One quota's live state in its current period: {@code remaining} is
 * {@code limit - used - reserved}, never below 0; {@code period_end} is null for a total quota.
 */
public record QuotaState(UUID quotaId, String unit, String period, BigDecimal limit, String enforcement,
    BigDecimal used, BigDecimal reserved, BigDecimal remaining, Instant periodStart, Instant periodEnd) {}
