package dev.tollgate.collector.admin.products;

import dev.tollgate.collector.common.Texts;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** {@code POST /v1/admin/products}; {@code markup_percent} defaults to 0. */
public record CreateProduct(
    @NotBlank @Size(max = Texts.MAX_NAME) String name,
    @NotEmpty @Size(max = 1000) List<@NotNull UUID> sourceIds,
    @DecimalMin("0") @DecimalMax("1000") BigDecimal markupPercent) {}
