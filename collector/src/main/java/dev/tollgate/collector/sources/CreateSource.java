package dev.tollgate.collector.sources;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/admin/sources}. */
public record CreateSource(
    @NotBlank @Size(max = 100) @Pattern(regexp = SourceService.NAME_PATTERN, message = SourceService.NAME_RULE)
    String name,
    @NotBlank @Size(max = 1000) String pathRegex,
    @NotNull @Min(0) @Max(1_000_000) Integer priority) {}
