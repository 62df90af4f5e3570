package dev.tollgate.collector.admin.keys;

import dev.tollgate.collector.common.Texts;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/admin/api-keys}. */
public record CreateApiKey(@NotBlank @Size(max = Texts.MAX_NAME) String name, @NotNull ApiKeyRole role) {}
