package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One price-book entry as callers send it.
 *
 * @param per defaults to 1,000,000 for token elements and 1 for {@code requests}
 * @param currency defaults to USD
 * @param effectiveFrom defaults to now
 * @param serviceTier defaults to {@code default}
 */
public record PriceRequest(String model, String element, BigDecimal price, BigDecimal per, String currency,
    Instant effectiveFrom, String serviceTier) {

  /** An entry for the {@code default} tier. */
  public PriceRequest(String model, String element, BigDecimal price, BigDecimal per, String currency,
      Instant effectiveFrom) {
    this(model, element, price, per, currency, effectiveFrom, null);
  }
}
