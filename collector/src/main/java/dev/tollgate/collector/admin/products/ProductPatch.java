package dev.tollgate.collector.admin.products;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * {@code PATCH /v1/admin/products/{id}}: fields present change; {@code source_ids} replaces the
 * set. A new markup applies to events rated from then on (and to a re-rating).
 */
public record ProductPatch(
    String name,
    @Size(min = 1, max = 1000) List<@NotNull UUID> sourceIds,
    @DecimalMin("0") @DecimalMax("1000") BigDecimal markupPercent) {}
