package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * The metering elements an event carries and prices apply to. Some are parts of a whole
 * ({@code cached_prompt_tokens} of {@code prompt_tokens}); a part with its own rate is
 * charged at it and taken out of its whole.
 */
public enum Element {
  PROMPT_TOKENS(null),
  CACHED_PROMPT_TOKENS(PROMPT_TOKENS),
  CACHE_WRITE_PROMPT_TOKENS(PROMPT_TOKENS),
  AUDIO_PROMPT_TOKENS(PROMPT_TOKENS),
  COMPLETION_TOKENS(null),
  REASONING_TOKENS(COMPLETION_TOKENS),
  AUDIO_COMPLETION_TOKENS(COMPLETION_TOKENS),
  REQUESTS(null);

  private static final BigDecimal ONE_MILLION = BigDecimal.valueOf(1_000_000);

  private final Element whole;

  Element(Element whole) {
    this.whole = whole;
  }

  /** The wire and database name, e.g. {@code cached_prompt_tokens}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The element this one is a part of, if any. */
  public Optional<Element> whole() {
    return Optional.ofNullable(whole);
  }

  /** {@code per} when a price entry does not say: one million tokens, one request. */
  public BigDecimal defaultPer() {
    return this == REQUESTS ? BigDecimal.ONE : ONE_MILLION;
  }

  public static Optional<Element> fromWire(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (Element e : values()) {
      if (e.wireName().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
