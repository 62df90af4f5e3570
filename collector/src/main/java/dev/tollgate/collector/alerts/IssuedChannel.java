package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The answer to creating a channel: the only time its URL and a webhook's signing {@code secret} are shown. */
public record IssuedChannel(UUID id, String type, String url, UUID teamId, List<String> types, Instant createdAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {}
