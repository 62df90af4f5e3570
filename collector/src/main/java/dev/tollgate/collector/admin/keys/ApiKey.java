package dev.tollgate.collector.admin.keys;

import java.time.Instant;
import java.util.UUID;

/** An admin or finance API key as lists show it: never the key, only its first characters. */
public record ApiKey(UUID id, String name, String role, String keyPrefix, Instant createdAt, Instant revokedAt) {}
