package dev.tollgate.collector.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every worked example of rating.md, to the last digit, plus the edge cases around them. */
class RatingEngineTest {

  private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant AT = Instant.parse("2026-11-27T10:15:30.123Z");

  private final List<PriceEntry> entries = new ArrayList<>(List.of(
      entry("gpt-3.5-turbo*", Element.PROMPT_TOKENS, "1000", JAN),
      entry("gpt-3.5-turbo*", Element.COMPLETION_TOKENS, "2000", JAN),
      entry("gpt-4o-mini*", Element.PROMPT_TOKENS, "0.15", JAN),
      entry("gpt-4o-mini*", Element.CACHED_PROMPT_TOKENS, "0.075", JAN),
      entry("gpt-4o-mini*", Element.COMPLETION_TOKENS, "0.60", JAN),
      entry("gpt-4o*", Element.PROMPT_TOKENS, "2.50", JAN),
      entry("gpt-4o*", Element.CACHED_PROMPT_TOKENS, "1.25", JAN),
      entry("gpt-4o*", Element.COMPLETION_TOKENS, "10.00", JAN),
      entry("o3-mini*", Element.PROMPT_TOKENS, "1.10", JAN),
      entry("o3-mini*", Element.CACHED_PROMPT_TOKENS, "0.55", JAN),
      entry("o3-mini*", Element.COMPLETION_TOKENS, "4.40", JAN)));

  static PriceEntry entry(String model, Element element, String price, Instant from) {
    return new PriceEntry(UUID.randomUUID(), model, element, new BigDecimal(price), element.defaultPer(), "USD",
        from, from);
  }

  private Rating rate(String model, Quantities q, Instant at, String markup) {
    return RatingEngine.rate(PriceBook.of(entries), model, q, at, new BigDecimal(markup));
  }

  private static Quantities tokens(long prompt, long cached, long completion, long reasoning) {
    return new Quantities(prompt, cached, 0, 0, completion, reasoning, 0);
  }

  @Test
  void example1SeedPromptOnly() {
    Rating r = rate("gpt-3.5-turbo", tokens(128, 0, 0, 0), AT, "0");

    assertThat(r.lines()).singleElement().satisfies(l -> {
      assertThat(l.element()).isEqualTo(Element.PROMPT_TOKENS);
      assertThat(l.amount().toPlainString()).isEqualTo("0.128");
    });
    assertThat(r.totalCost()).isEqualByComparingTo("0.128");
    assertThat(r.unpriced()).isFalse();
  }

  @Test
  void example2CachedPartLongestPrefixAndMarkup() {
    Rating r = rate("gpt-4o-mini-2024-07-18", tokens(1200, 1024, 300, 0), AT, "10");

    assertThat(r.lines()).extracting(l -> l.element().wireName() + "=" + l.quantity() + ":" + l.amount().toPlainString())
        .containsExactly("cached_prompt_tokens=1024:0.0000768", "prompt_tokens=176:0.0000264",
            "completion_tokens=300:0.00018");
    assertThat(r.subtotal().toPlainString()).isEqualTo("0.0002832");
    assertThat(r.markup()).isEqualByComparingTo("0.00002832");
    assertThat(r.totalCost()).isEqualByComparingTo("0.00031152");
    assertThat(r.totalCost().stripTrailingZeros().toPlainString()).isEqualTo("0.00031152");
  }

  @Test
  void example3ReasoningWithoutRateStaysInCompletion() {
    Rating r = rate("o3-mini", tokens(100, 0, 500, 400), AT, "0");

    assertThat(r.lines()).extracting(l -> l.element().wireName() + "=" + l.quantity())
        .containsExactly("prompt_tokens=100", "completion_tokens=500");
    assertThat(r.lines().get(0).amount()).isEqualByComparingTo("0.00011");
    assertThat(r.lines().get(1).amount()).isEqualByComparingTo("0.0022");
    assertThat(r.totalCost()).isEqualByComparingTo("0.00231");
  }

  @Test
  void example4RateChangeAppliesFromExactlyItsEffectiveInstant() {
    Instant change = Instant.parse("2026-11-15T00:00:00Z");
    entries.add(entry("gpt-4o*", Element.PROMPT_TOKENS, "1.00", change));

    Rating before = rate("gpt-4o", tokens(1_000_000, 0, 0, 0), Instant.parse("2026-11-14T23:59:59.999Z"), "0");
    Rating at = rate("gpt-4o", tokens(1_000_000, 0, 0, 0), change, "0");

    assertThat(before.totalCost()).isEqualByComparingTo("2.50");
    assertThat(before.priceEffectiveFrom()).contains(JAN);
    assertThat(at.totalCost()).isEqualByComparingTo("1.00");
    assertThat(at.priceEffectiveFrom()).contains(change);
  }

  @Test
  void example5UnpricedModelUntilARuleIsAdded() {
    Rating unpriced = rate("my-finetune-v1", tokens(1000, 0, 10, 0), AT, "0");
    assertThat(unpriced.unpriced()).isTrue();
    assertThat(unpriced.totalCost()).isEqualByComparingTo("0");
    assertThat(unpriced.lines()).isEmpty();

    entries.add(entry("my-finetune*", Element.PROMPT_TOKENS, "3.00", Instant.parse("2026-11-01T00:00:00Z")));
    Rating priced = rate("my-finetune-v1", tokens(1000, 0, 10, 0), AT, "0");
    assertThat(priced.unpriced()).isFalse();
    assertThat(priced.totalCost()).isEqualByComparingTo("0.003");
  }

  @Test
  void example6FailedCallPaysOneRequest() {
    entries.add(entry("gpt-4o-mini*", Element.REQUESTS, "0.001", JAN));

    Rating r = rate("gpt-4o-mini", Quantities.NONE, AT, "0");

    assertThat(r.lines()).singleElement().satisfies(l -> {
      assertThat(l.element()).isEqualTo(Element.REQUESTS);
      assertThat(l.quantity()).isEqualTo(1);
      assertThat(l.per()).isEqualByComparingTo("1");
    });
    assertThat(r.totalCost()).isEqualByComparingTo("0.001");
  }

  @Test
  void audioPartsWithRatesComeOutOfTheirWholesAndNothingIsChargedTwice() {
    entries.add(entry("gpt-4o-audio*", Element.PROMPT_TOKENS, "2.50", JAN));
    entries.add(entry("gpt-4o-audio*", Element.AUDIO_PROMPT_TOKENS, "40.00", JAN));
    entries.add(entry("gpt-4o-audio*", Element.COMPLETION_TOKENS, "10.00", JAN));
    entries.add(entry("gpt-4o-audio*", Element.AUDIO_COMPLETION_TOKENS, "80.00", JAN));

    Rating r = rate("gpt-4o-audio-preview", new Quantities(1000, 0, 0, 600, 500, 0, 200), AT, "0");

    assertThat(r.lines()).extracting(l -> l.element().wireName() + "=" + l.quantity())
        .containsExactly("audio_prompt_tokens=600", "prompt_tokens=400", "audio_completion_tokens=200",
            "completion_tokens=300");
    // 600 x 40 + 400 x 2.5 + 200 x 80 + 300 x 10 = 24000 + 1000 + 16000 + 3000 = 44000 per 1M
    assertThat(r.totalCost().toPlainString()).isEqualTo("0.044");
    assertThat(r.lines().stream().mapToLong(ChargeLine::quantity).sum()).isEqualTo(1500);
  }

  @Test
  void exactNameBeatsAPrefixRuleOfTheSameLength() {
    entries.add(entry("gpt-4o", Element.PROMPT_TOKENS, "5.00", JAN));

    Rating exact = rate("gpt-4o", tokens(1_000_000, 0, 0, 0), AT, "0");
    Rating longer = rate("gpt-4o-2024-08-06", tokens(1_000_000, 0, 0, 0), AT, "0");

    assertThat(exact.totalCost()).isEqualByComparingTo("5.00");
    assertThat(longer.totalCost()).isEqualByComparingTo("2.50");
  }

  @Test
  void longestPrefixWinsWhateverTheOrderOfEntries() {
    List<PriceEntry> reversed = new ArrayList<>(entries);
    java.util.Collections.reverse(reversed);
    Rating a = RatingEngine.rate(PriceBook.of(entries), "gpt-4o-mini-x", tokens(1_000_000, 0, 0, 0), AT, BigDecimal.ZERO);
    Rating b = RatingEngine.rate(PriceBook.of(reversed), "gpt-4o-mini-x", tokens(1_000_000, 0, 0, 0), AT, BigDecimal.ZERO);

    assertThat(a.totalCost()).isEqualByComparingTo("0.15");
    assertThat(b.totalCost()).isEqualByComparingTo("0.15");
  }

  @Test
  void aRuleNotYetInForceDoesNotShadowAnOlderShorterOne() {
    entries.add(entry("gpt-4o-2025*", Element.PROMPT_TOKENS, "9.00", Instant.parse("2026-12-01T00:00:00Z")));

    assertThat(rate("gpt-4o-2025-01", tokens(1_000_000, 0, 0, 0), AT, "0").totalCost()).isEqualByComparingTo("2.50");
    assertThat(rate("gpt-4o-2025-01", tokens(1_000_000, 0, 0, 0), Instant.parse("2026-12-01T00:00:00Z"), "0")
        .totalCost()).isEqualByComparingTo("9.00");
  }

  @Test
  void markupIsExactAndIncludedInTheTotal() {
    Rating r = rate("gpt-3.5-turbo", tokens(1, 0, 1, 0), AT, "12.5");

    assertThat(r.subtotal()).isEqualByComparingTo("0.003");
    assertThat(r.markup().toPlainString()).isEqualTo("0.000375");
    assertThat(r.totalCost()).isEqualByComparingTo("0.003375");
  }

  @Test
  void anEventBeforeTheFirstEntryIsUnpriced() {
    assertThat(rate("gpt-4o", tokens(10, 0, 10, 0), Instant.parse("2025-12-31T23:59:59Z"), "0").unpriced()).isTrue();
  }

  @Test
  void perOtherThanAMillionDividesExactly() {
    entries.add(new PriceEntry(UUID.randomUUID(), "thirds*", Element.PROMPT_TOKENS, BigDecimal.ONE,
        new BigDecimal("3"), "USD", JAN, JAN));
    Rating r = rate("thirds", tokens(1, 0, 0, 0), AT, "0");
    assertThat(r.totalCost().scale()).isGreaterThanOrEqualTo(12);
    assertThat(r.totalCost().toPlainString()).startsWith("0.333333333333");
  }
}
