package dev.tollgate.collector.pricing;

import java.time.Instant;
import java.util.UUID;

/** A price-book entry as the API shows it; decimals as plain strings. */
public record PriceView(UUID id, String model, String serviceTier, String element, String price, String per,
    String currency, Instant effectiveFrom, Instant createdAt) {

  static PriceView of(PriceEntry e) {
    return new PriceView(e.id(), e.model(), e.serviceTier(), e.element().wireName(), plain(e.price()),
        plain(e.per()), e.currency(), e.effectiveFrom(), e.createdAt());
  }

  static String plain(java.math.BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }
}
