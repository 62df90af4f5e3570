package dev.tollgate.collector.admin.keys;

import java.time.Instant;
import java.util.UUID;

/** A {@code provider_keys} row without the ciphertext; {@code labels} and {@code deployments} are JSON text. */
public record ProviderKeyRow(UUID id, String provider, String name, String baseUrl, String apiKeyHint,
    String labels, boolean isDefault, Instant createdAt, Instant updatedAt, String apiVersion, String deployments,
    String projectId, Long rotationPeriodSeconds, String tenantId, String clientId) {}
