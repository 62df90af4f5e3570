package dev.tollgate.collector.admin.teams;

import dev.tollgate.collector.common.Texts;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** {@code POST /v1/admin/teams}. */
public record CreateTeam(
    @NotBlank @Size(max = Texts.MAX_NAME) String name,
    @Size(max = 2000) String description,
    UUID providerKeyId) {}
