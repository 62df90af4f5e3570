package dev.tollgate.collector.admin.subscriptions;

import java.time.Instant;
import java.util.UUID;

/** A {@code subscriptions} row. */
public record SubscriptionRow(UUID id, UUID teamId, UUID productId, Instant startsAt, Instant expiresAt,
    String status, Instant createdAt, Instant updatedAt) {}
