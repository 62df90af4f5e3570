package dev.tollgate.collector.admin.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A provider key as reads show it: the key itself never, only its hint ({@code sk-...abcd});
 * {@code apiVersion} and {@code deployments} for an {@code azure_openai} key, {@code projectId} and
 * {@code rotationPeriod} (ISO-8601) for an {@code openai_admin} key, {@code tenantId} and
 * {@code clientId} for an {@code azure_entra} key, whose hint is its client secret's (null otherwise).
 */
public record ProviderKey(UUID id, String provider, String name, String baseUrl, String apiKeyHint,
    Map<String, String> labels, boolean isDefault, Instant createdAt, Instant updatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String apiVersion,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> deployments,
    @JsonInclude(JsonInclude.Include.NON_NULL) String projectId,
    @JsonInclude(JsonInclude.Include.NON_NULL) String rotationPeriod,
    @JsonInclude(JsonInclude.Include.NON_NULL) String tenantId,
    @JsonInclude(JsonInclude.Include.NON_NULL) String clientId) {}
