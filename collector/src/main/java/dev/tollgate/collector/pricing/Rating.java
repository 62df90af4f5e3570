package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How one event was priced: its lines, {@code subtotal}, {@code markup =
 * subtotal x markupPercent / 100} and {@code totalCost = subtotal + markup}, all exact.
 *
 * @param unpriced the model had neither a prompt nor a completion rate: total 0
 * @param priceEffectiveFrom the latest effective_from among the entries used
 */
public record Rating(List<ChargeLine> lines, BigDecimal subtotal, BigDecimal markupPercent,
    BigDecimal markup, BigDecimal totalCost, String currency, boolean unpriced,
    Optional<Instant> priceEffectiveFrom) {

  public Rating {
    lines = List.copyOf(lines);
  }
}
