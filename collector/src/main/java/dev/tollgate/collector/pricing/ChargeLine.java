package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One rated element of an event: {@code amount = quantity x unitPrice / per}, priced by the
 * entry {@code priceId} of {@code serviceTier} (the event's tier, or {@code default} when that
 * tier has no entry for the element).
 */
public record ChargeLine(Element element, long quantity, BigDecimal unitPrice, BigDecimal per,
    BigDecimal amount, UUID priceId, String serviceTier) {

  /** A line priced by a {@code default}-tier entry. */
  public ChargeLine(Element element, long quantity, BigDecimal unitPrice, BigDecimal per, BigDecimal amount,
      UUID priceId) {
    this(element, quantity, unitPrice, per, amount, priceId, ServiceTiers.DEFAULT);
  }
}
