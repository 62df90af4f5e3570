package dev.tollgate.collector.admin.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A quota of a subscription as the API shows it. */
public record Quota(UUID id, UUID subscriptionId, String unit, String period, BigDecimal limit, String enforcement,
    Instant createdAt) {}
