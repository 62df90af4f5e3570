package dev.tollgate.collector.admin.keys;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A provider key as reads show it: the key itself never, only its hint ({@code sk-...abcd}). */
public record ProviderKey(UUID id, String provider, String name, String baseUrl, String apiKeyHint,
    Map<String, String> labels, boolean isDefault, Instant createdAt, Instant updatedAt) {}
