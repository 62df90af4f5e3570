package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.util.UUID;

/** One rated element of an event: {@code amount = quantity x unitPrice / per}. */
public record ChargeLine(Element element, long quantity, BigDecimal unitPrice, BigDecimal per,
    BigDecimal amount, UUID priceId) {}
