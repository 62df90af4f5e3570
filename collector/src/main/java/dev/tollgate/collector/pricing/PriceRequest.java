package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One price-book entry as callers send it.
 *
 * @param per defaults to 1,000,000 for token elements and 1 for {@code requests}
 * @param currency defaults to USD
 * @param effectiveFrom defaults to now
 */
public record PriceRequest(String model, String element, BigDecimal price, BigDecimal per, String currency,
    Instant effectiveFrom) {}
