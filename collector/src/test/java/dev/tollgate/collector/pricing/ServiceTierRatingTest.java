package dev.tollgate.collector.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** rating.md's worked example 7 (service tiers), to the last digit, and the rules around it. */
class ServiceTierRatingTest {

  private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant AT = Instant.parse("2026-11-27T10:15:30.123Z");
  private static final String MODEL = "gpt-4o-mini-2024-07-18";

  /** Example 7's book: gpt-4o-mini* prompt 0.15 and completion 0.60 (default), prompt 0.075 (flex). */
  private final List<PriceEntry> entries = new ArrayList<>(List.of(
      entry("gpt-4o-mini*", "default", Element.PROMPT_TOKENS, "0.15", JAN),
      entry("gpt-4o-mini*", "default", Element.COMPLETION_TOKENS, "0.60", JAN),
      entry("gpt-4o-mini*", "flex", Element.PROMPT_TOKENS, "0.075", JAN)));

  private static PriceEntry entry(String model, String tier, Element element, String price, Instant from) {
    return new PriceEntry(UUID.randomUUID(), model, element, new BigDecimal(price), element.defaultPer(), "USD",
        from, from, tier);
  }

  private Rating rate(String tier, long prompt, long completion) {
    return rate(tier, prompt, completion, AT);
  }

  private Rating rate(String tier, long prompt, long completion, Instant at) {
    return RatingEngine.rate(PriceBook.of(entries), MODEL, tier, new Quantities(prompt, 0, 0, 0, completion, 0, 0),
        at, BigDecimal.ZERO);
  }

  private static List<String> lines(Rating r) {
    return r.lines().stream().map(l -> l.element().wireName() + "=" + l.quantity() + "x" + l.unitPrice()
        .toPlainString() + ":" + l.amount().toPlainString() + "@" + l.serviceTier()).toList();
  }

  @Test
  void example7FlexPromptAtTheFlexRateCompletionAtTheDefaultTiers() {
    Rating r = rate("flex", 1000, 100);

    assertThat(lines(r)).containsExactly("prompt_tokens=1000x0.075:0.000075@flex",
        "completion_tokens=100x0.60:0.00006@default");
    assertThat(r.totalCost().toPlainString()).isEqualTo("0.000135");
    assertThat(r.subtotal().toPlainString()).isEqualTo("0.000135");
    assertThat(r.unpriced()).isFalse();
  }

  @Test
  void example7TheTierIsChosenFirstThenTheModelRuleInsideIt() {
    entries.add(entry(MODEL, "default", Element.PROMPT_TOKENS, "0.20", JAN));

    Rating flex = rate("flex", 1000, 100);
    Rating standard = rate("default", 1000, 100);

    // The exact-name default entry does not beat the flex tier's prefix rule ...
    assertThat(lines(flex)).containsExactly("prompt_tokens=1000x0.075:0.000075@flex",
        "completion_tokens=100x0.60:0.00006@default");
    assertThat(flex.totalCost().toPlainString()).isEqualTo("0.000135");
    // ... but inside the default tier it wins over the prefix rule, as always.
    assertThat(lines(standard)).containsExactly("prompt_tokens=1000x0.20:0.0002@default",
        "completion_tokens=100x0.60:0.00006@default");
  }

  @Test
  void theDefaultTierNeverUsesAnotherTiersEntries() {
    assertThat(lines(rate("default", 1000, 100))).containsExactly("prompt_tokens=1000x0.15:0.00015@default",
        "completion_tokens=100x0.60:0.00006@default");
  }

  @Test
  void aTierWithoutEntriesIsRatedEntirelyAtTheDefaultTiers() {
    Rating r = rate("priority", 1000, 100);

    assertThat(lines(r)).containsExactly("prompt_tokens=1000x0.15:0.00015@default",
        "completion_tokens=100x0.60:0.00006@default");
    assertThat(r.totalCost()).isEqualByComparingTo("0.00021");
  }

  @Test
  void aTierEntryAppliesFromItsEffectiveInstantOnly() {
    Instant later = Instant.parse("2026-11-15T00:00:00Z");
    entries.add(entry("gpt-4o-mini*", "flex", Element.COMPLETION_TOKENS, "0.30", later));

    assertThat(lines(rate("flex", 0, 100, later.minusMillis(1))))
        .containsExactly("completion_tokens=100x0.60:0.00006@default");
    assertThat(lines(rate("flex", 0, 100, later))).containsExactly("completion_tokens=100x0.30:0.00003@flex");
  }

  @Test
  void aModelPricedOnlyInOneTierIsUnpricedInTheOthers() {
    entries.add(entry("batch-only*", "flex", Element.PROMPT_TOKENS, "1.00", JAN));
    PriceBook book = PriceBook.of(entries);
    Quantities q = new Quantities(1000, 0, 0, 0, 0, 0, 0);

    assertThat(RatingEngine.rate(book, "batch-only-1", "flex", q, AT, BigDecimal.ZERO).totalCost())
        .isEqualByComparingTo("0.001");
    assertThat(RatingEngine.rate(book, "batch-only-1", "default", q, AT, BigDecimal.ZERO).unpriced()).isTrue();
    assertThat(book.isPriced("batch-only-1", AT)).isFalse();
    assertThat(book.hasAnyRate("batch-only-1")).isTrue();
  }

  @Test
  void leasesBoundATokenByTheDearestTier() {
    entries.add(entry("gpt-4o-mini*", "priority", Element.COMPLETION_TOKENS, "1.20", JAN));

    // 1.20 per 1M tokens, the priority completion rate, is the most a token can cost.
    assertThat(PriceBook.of(entries).maxTokenRate(MODEL, AT).orElseThrow())
        .isEqualByComparingTo("0.0000012");
  }

  @Test
  void entriesInForceAreListedPerTier() {
    PriceBook book = PriceBook.of(entries);

    assertThat(book.inForceAt(AT)).extracting(e -> e.serviceTier() + ":" + e.element().wireName())
        .containsExactly("default:prompt_tokens", "default:completion_tokens", "flex:prompt_tokens");
    assertThat(book.inForceAt(AT, "flex")).extracting(PriceEntry::price).containsExactly(new BigDecimal("0.075"));
  }

  @Test
  void tierNamesAreShortLowerCaseWordsAndAbsentMeansDefault() {
    assertThat(ServiceTiers.parse(null)).contains("default");
    assertThat(ServiceTiers.parse("Flex")).contains("flex");
    assertThat(ServiceTiers.parse("scale_2.tier-b")).contains("scale_2.tier-b");
    assertThat(ServiceTiers.parse("a".repeat(64))).isPresent();
    assertThat(ServiceTiers.parse("a".repeat(65))).isEmpty();
    assertThat(ServiceTiers.parse("")).isEmpty();
    assertThat(ServiceTiers.parse("flex tier")).isEmpty();
    assertThat(ServiceTiers.parse("-flex")).isEmpty();
    assertThat(ServiceTiers.parse("fl\u0000ex")).isEmpty();
  }
}
