package dev.tollgate.collector.admin.subscriptions;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A team's subscription to a product, with its quotas. {@code expires_at} null means open-ended. */
public record Subscription(UUID id, UUID teamId, UUID productId, Instant startsAt, Instant expiresAt, String status,
    List<Quota> quotas, Instant createdAt, Instant updatedAt) {}
