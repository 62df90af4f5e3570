package dev.tollgate.collector.admin.clients;

import java.time.Instant;
import java.util.UUID;

/**
 * An application's credential as reads show it: never the secret nor its hash.
 *
 * @param clientId the public id ({@code tg_...}) the SDK sends to the token endpoint
 */
public record Client(UUID id, UUID teamId, String name, String clientId, String status, Instant createdAt,
    Instant updatedAt) {}
