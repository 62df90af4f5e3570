package dev.tollgate.collector.admin.products;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A {@code products} row, without its sources. */
public record ProductRow(UUID id, String name, BigDecimal markupPercent, Instant createdAt, Instant updatedAt) {}
