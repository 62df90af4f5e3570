package dev.tollgate.collector.admin.products;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What teams subscribe to: the sources it includes and the markup added to the rated cost.
 *
 * @param markupPercent 0 is pass-through; 15 adds 15% to every charge
 */
public record Product(UUID id, String name, List<UUID> sourceIds, BigDecimal markupPercent, Instant createdAt,
    Instant updatedAt) {}
