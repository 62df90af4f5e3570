package dev.tollgate.collector.alerts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/admin/alert-channels {type, url, team_id?, types?}}. */
public record CreateChannel(@NotNull ChannelType type, String url, UUID teamId,
    @Size(max = 3) List<@NotNull AlertType> types) {}
