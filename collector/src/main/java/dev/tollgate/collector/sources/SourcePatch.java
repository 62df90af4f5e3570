package dev.tollgate.collector.sources;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code PATCH /v1/admin/sources/{id}}: fields present change. */
public record SourcePatch(
    @Size(min = 1, max = 100) @Pattern(regexp = SourceService.NAME_PATTERN, message = SourceService.NAME_RULE)
    String name,
    @Size(min = 1, max = 1000) String pathRegex,
    @Min(0) @Max(1_000_000) Integer priority) {}
