package dev.tollgate.collector.admin.clients;

import dev.tollgate.collector.common.Texts;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/admin/teams/{id}/clients}. */
public record CreateClient(@NotBlank @Size(max = Texts.MAX_NAME) String name) {}
