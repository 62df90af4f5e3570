package dev.tollgate.collector.admin.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A quota of a subscription as the API shows it; {@code alert_thresholds} in percent of the limit. */
public record Quota(UUID id, UUID subscriptionId, String unit, String period, BigDecimal limit, String enforcement,
    List<Integer> alertThresholds, Instant createdAt) {}
