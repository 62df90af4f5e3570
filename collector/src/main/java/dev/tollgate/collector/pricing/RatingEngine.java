package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices one event exactly as docs/rating.md says: pure arithmetic on {@link BigDecimal},
 * no I/O. A part with its own rate is charged at it and taken out of its whole; a part
 * without one stays in its whole. Lines of zero quantity are omitted.
 */
public final class RatingEngine {

  /** 34 significant digits: exact for any realistic quantity x price / per, and far beyond 12 decimals. */
  private static final MathContext PRECISION = MathContext.DECIMAL128;
  public static final String DEFAULT_CURRENCY = "USD";

  private static final Element[] PROMPT_PARTS = {
      Element.CACHED_PROMPT_TOKENS, Element.CACHE_WRITE_PROMPT_TOKENS, Element.AUDIO_PROMPT_TOKENS};
  private static final Element[] COMPLETION_PARTS = {Element.REASONING_TOKENS, Element.AUDIO_COMPLETION_TOKENS};

  private RatingEngine() {}

  /** Rates an event of the {@code default} service tier. */
  public static Rating rate(PriceBook book, String model, Quantities q, Instant timestamp, BigDecimal markupPercent) {
    return rate(book, model, ServiceTiers.DEFAULT, q, timestamp, markupPercent);
  }

  /**
   * @param model the rated model (the answered one, else the requested one); null when the event names none
   * @param serviceTier the tier the answer reported; each element takes that tier's entry, else the default tier's
   * @param markupPercent the product's markup, 0 when there is none
   */
  public static Rating rate(PriceBook book, String model, String serviceTier, Quantities q, Instant timestamp,
      BigDecimal markupPercent) {
    Map<Element, PriceEntry> rates = new EnumMap<>(Element.class);
    for (Element element : Element.values()) {
      book.rate(model, serviceTier, element, timestamp).ifPresent(entry -> rates.put(element, entry));
    }
    boolean unpriced = model != null
        && !rates.containsKey(Element.PROMPT_TOKENS) && !rates.containsKey(Element.COMPLETION_TOKENS);
    if (unpriced) {
      return new Rating(List.of(), BigDecimal.ZERO, markupPercent, BigDecimal.ZERO, BigDecimal.ZERO,
          DEFAULT_CURRENCY, true, Optional.empty());
    }
    List<ChargeLine> lines = new ArrayList<>();
    charge(lines, rates, Element.PROMPT_TOKENS, PROMPT_PARTS, q);
    charge(lines, rates, Element.COMPLETION_TOKENS, COMPLETION_PARTS, q);
    addLine(lines, rates.get(Element.REQUESTS), Element.REQUESTS, 1);

    BigDecimal subtotal = BigDecimal.ZERO;
    Instant effective = null;
    String currency = null;
    for (ChargeLine line : lines) {
      subtotal = subtotal.add(line.amount());
    }
    for (Element element : Element.values()) {
      PriceEntry used = usedEntry(lines, rates, element);
      if (used != null) {
        effective = effective == null || used.effectiveFrom().isAfter(effective) ? used.effectiveFrom() : effective;
        currency = currency == null ? used.currency() : currency;
      }
    }
    BigDecimal markup = markupPercent.signum() == 0 ? BigDecimal.ZERO : subtotal.multiply(markupPercent).movePointLeft(2);
    return new Rating(lines, subtotal, markupPercent, markup, subtotal.add(markup),
        currency == null ? currencyOf(rates) : currency, false, Optional.ofNullable(effective));
  }

  private static String currencyOf(Map<Element, PriceEntry> rates) {
    PriceEntry rate = rates.getOrDefault(Element.PROMPT_TOKENS, rates.get(Element.COMPLETION_TOKENS));
    return rate == null ? DEFAULT_CURRENCY : rate.currency();
  }

  /**
   * {@code quantity x price / per}, exact. A power-of-ten {@code per} (1, 1,000,000: nearly
   * every entry) is a shift of the decimal point; only another {@code per} divides, to 34
   * significant digits ({@code divide} with a MathContext is also much slower).
   */
  public static BigDecimal amount(long quantity, BigDecimal price, BigDecimal per) {
    BigDecimal product = BigDecimal.valueOf(quantity).multiply(price);
    BigDecimal stripped = per.stripTrailingZeros();
    if (stripped.unscaledValue().equals(BigInteger.ONE)) {
      return product.scaleByPowerOfTen(stripped.scale()).stripTrailingZeros();
    }
    return product.divide(per, PRECISION);
  }

  private static void charge(List<ChargeLine> lines, Map<Element, PriceEntry> rates, Element whole,
      Element[] parts, Quantities q) {
    long rest = q.of(whole);
    for (Element part : parts) {
      PriceEntry rate = rates.get(part);
      long quantity = q.of(part);
      if (rate != null && quantity > 0) {
        addLine(lines, rate, part, quantity);
        rest -= quantity;
      }
    }
    addLine(lines, rates.get(whole), whole, rest);
  }

  private static void addLine(List<ChargeLine> lines, PriceEntry rate, Element element, long quantity) {
    if (rate == null || quantity <= 0) {
      return;
    }
    lines.add(new ChargeLine(element, quantity, rate.price(), rate.per(),
        amount(quantity, rate.price(), rate.per()), rate.id(), rate.serviceTier()));
  }

  private static PriceEntry usedEntry(List<ChargeLine> lines, Map<Element, PriceEntry> rates, Element element) {
    for (ChargeLine line : lines) {
      if (line.element() == element) {
        return rates.get(element);
      }
    }
    return null;
  }
}
