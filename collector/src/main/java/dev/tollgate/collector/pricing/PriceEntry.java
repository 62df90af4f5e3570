package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One price-book entry: {@code price} in {@code currency} for {@code per} units of
 * {@code element}, for models matching {@code model} (an exact name, or a prefix rule
 * ending in {@code *}) called in {@code serviceTier}, in force from {@code effectiveFrom}.
 * Entries never change.
 */
public record PriceEntry(UUID id, String model, Element element, BigDecimal price, BigDecimal per,
    String currency, Instant effectiveFrom, Instant createdAt, String serviceTier) {

  public PriceEntry {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(per, "per");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(serviceTier, "serviceTier");
  }

  /** An entry of the {@code default} tier. */
  public PriceEntry(UUID id, String model, Element element, BigDecimal price, BigDecimal per, String currency,
      Instant effectiveFrom, Instant createdAt) {
    this(id, model, element, price, per, currency, effectiveFrom, createdAt, ServiceTiers.DEFAULT);
  }

  public boolean isPrefixRule() {
    return model.endsWith("*");
  }

  /** The prefix a rule matches ({@code gpt-4o} for {@code gpt-4o*}); the name itself for an exact entry. */
  public String prefix() {
    return isPrefixRule() ? model.substring(0, model.length() - 1) : model;
  }
}
