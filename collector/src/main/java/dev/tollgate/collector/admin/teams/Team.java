package dev.tollgate.collector.admin.teams;

import java.time.Instant;
import java.util.UUID;

/**
 * A team (the subscriber) as the API shows it.
 *
 * @param providerKeyId the provider key its leases carry; null means the default key
 */
public record Team(UUID id, String name, String description, String status, UUID providerKeyId,
    Instant createdAt, Instant updatedAt) {}
