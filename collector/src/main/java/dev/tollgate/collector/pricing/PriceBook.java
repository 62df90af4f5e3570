package dev.tollgate.collector.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of the price book, indexed for rating in memory.
 *
 * <p>The service tier is chosen first, then the model rule inside it: for each element of an
 * event of tier T, the entry of tier T chosen by the model rule, else the {@code default}
 * tier's entry chosen by the same rule. Within a tier the exact model name wins, otherwise
 * the longest matching prefix rule, otherwise the element has no rate there. A rule only
 * competes for an element when it has an entry for it in force at the event's time (the
 * latest {@code effective_from <= timestamp}); a rule whose first entry starts later does
 * not make earlier events unpriced.
 */
public final class PriceBook {

  private static final int RATE_SCALE = 18;

  /** Entries of one rule (exact or prefix) per element, by effective_from. */
  private record Rule(String model, String prefix, Map<Element, NavigableMap<Instant, PriceEntry>> byElement) {}

  /** The rules of one service tier: exact names, and prefix rules longest first. */
  private record Tier(Map<String, Rule> exact, List<Rule> prefixRules) {

    Optional<PriceEntry> rate(String model, Element element, Instant at) {
      Rule exactRule = exact.get(model);
      if (exactRule != null) {
        Optional<PriceEntry> found = inForce(exactRule, element, at);
        if (found.isPresent()) {
          return found;
        }
      }
      for (Rule rule : prefixRules) {
        if (model.startsWith(rule.prefix())) {
          Optional<PriceEntry> found = inForce(rule, element, at);
          if (found.isPresent()) {
            return found;
          }
        }
      }
      return Optional.empty();
    }

    List<Rule> allRules() {
      List<Rule> all = new ArrayList<>(exact.values());
      all.addAll(prefixRules);
      all.sort(Comparator.comparing(Rule::model));
      return all;
    }
  }

  /** By tier name, sorted ({@code default} is just one of them). */
  private final NavigableMap<String, Tier> tiers;
  private final List<PriceEntry> entries;

  private PriceBook(NavigableMap<String, Tier> tiers, List<PriceEntry> entries) {
    this.tiers = tiers;
    this.entries = entries;
  }

  public static PriceBook of(Collection<PriceEntry> entries) {
    Map<String, Map<String, Rule>> rulesByTier = new HashMap<>();
    for (PriceEntry e : entries) {
      rulesByTier.computeIfAbsent(e.serviceTier(), t -> new HashMap<>())
          .computeIfAbsent(e.model(), m -> new Rule(m, e.prefix(), new EnumMap<>(Element.class)))
          .byElement().computeIfAbsent(e.element(), x -> new TreeMap<>())
          .put(e.effectiveFrom(), e);
    }
    NavigableMap<String, Tier> tiers = new TreeMap<>();
    rulesByTier.forEach((tier, rules) -> tiers.put(tier, tier(rules.values())));
    return new PriceBook(tiers, List.copyOf(entries));
  }

  private static Tier tier(Collection<Rule> rules) {
    Map<String, Rule> exact = new HashMap<>();
    List<Rule> prefixes = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.model().endsWith("*")) {
        prefixes.add(rule);
      } else {
        exact.put(rule.model(), rule);
      }
    }
    prefixes.sort(Comparator.comparingInt((Rule r) -> r.prefix().length()).reversed()
        .thenComparing(Rule::model));
    return new Tier(Map.copyOf(exact), List.copyOf(prefixes));
  }

  public static PriceBook empty() {
    return of(List.of());
  }

  /** The {@code default} tier's entry in force for {@code model}'s {@code element} at {@code at}, if any. */
  public Optional<PriceEntry> rate(String model, Element element, Instant at) {
    return rate(model, ServiceTiers.DEFAULT, element, at);
  }

  /**
   * The entry in force for {@code model}'s {@code element} at {@code at} for a call in
   * {@code serviceTier}: that tier's entry by the model rule, else the {@code default} tier's.
   */
  public Optional<PriceEntry> rate(String model, String serviceTier, Element element, Instant at) {
    if (model == null) {
      return Optional.empty();
    }
    Tier tier = tiers.get(serviceTier);
    Optional<PriceEntry> found = tier == null ? Optional.empty() : tier.rate(model, element, at);
    if (found.isPresent() || ServiceTiers.isDefault(serviceTier)) {
      return found;
    }
    Tier fallback = tiers.get(ServiceTiers.DEFAULT);
    return fallback == null ? Optional.empty() : fallback.rate(model, element, at);
  }

  /** A model is priced when it has a prompt or a completion rate at {@code at} in the default tier. */
  public boolean isPriced(String model, Instant at) {
    return isPriced(model, ServiceTiers.DEFAULT, at);
  }

  private boolean isPriced(String model, String serviceTier, Instant at) {
    return rate(model, serviceTier, Element.PROMPT_TOKENS, at).isPresent()
        || rate(model, serviceTier, Element.COMPLETION_TOKENS, at).isPresent();
  }

  /**
   * The most one prompt token and one completion token of a model can cost (per token, in any
   * service tier, before markup). Zero for a side with no rate: its tokens are not charged.
   */
  public record TokenRates(BigDecimal prompt, BigDecimal completion) {

    /** The higher of the two: a bound for a token of either kind. */
    public BigDecimal max() {
      return prompt.max(completion);
    }
  }

  /**
   * The most one token of {@code model} can cost at {@code at} in any service tier: the highest
   * rate of any token element, per token, rounded up. Quota leases hand it to the SDK so that
   * it can count a cost grant down locally without ever admitting more than the grant covers,
   * whichever tier the provider then serves the call in.
   */
  public Optional<BigDecimal> maxTokenRate(String model, Instant at) {
    return maxTokenRates(model, at).map(TokenRates::max);
  }

  /**
   * {@link #maxTokenRate} for each side: the highest rate of the prompt's elements (prompt,
   * cached, cache write, audio) and of the completion's (completion, reasoning, audio), per
   * token, rounded up. A prompt of thousands of tokens is bounded at prompt rates, not at the
   * completion rate that may be several times higher. Empty when no token element is priced.
   */
  public Optional<TokenRates> maxTokenRates(String model, Instant at) {
    BigDecimal prompt = null;
    BigDecimal completion = null;
    for (String tier : tiers.keySet()) {
      for (Element element : Element.values()) {
        if (element == Element.REQUESTS) {
          continue;
        }
        Optional<PriceEntry> entry = rate(model, tier, element, at);
        if (entry.isPresent()) {
          BigDecimal perToken = entry.get().price().divide(entry.get().per(), RATE_SCALE, RoundingMode.UP);
          if (element.whole().orElse(element) == Element.PROMPT_TOKENS) {
            prompt = prompt == null ? perToken : prompt.max(perToken);
          } else {
            completion = completion == null ? perToken : completion.max(perToken);
          }
        }
      }
    }
    if (prompt == null && completion == null) {
      return Optional.empty();
    }
    return Optional.of(new TokenRates(prompt == null ? BigDecimal.ZERO : prompt,
        completion == null ? BigDecimal.ZERO : completion));
  }

  /** Whether any entry (of any date and tier) would price {@code model}'s prompt or completion tokens. */
  public boolean hasAnyRate(String model) {
    return tiers.keySet().stream().anyMatch(tier -> isPriced(model, tier, Instant.MAX));
  }

  /** Every entry in force at {@code at}, one per (tier, rule, element), by tier then model rule. */
  public List<PriceEntry> inForceAt(Instant at) {
    List<PriceEntry> out = new ArrayList<>();
    for (Tier tier : tiers.values()) {
      for (Rule rule : tier.allRules()) {
        for (Element element : Element.values()) {
          inForce(rule, element, at).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** The entries of one tier in force at {@code at}, by model rule. */
  public List<PriceEntry> inForceAt(Instant at, String serviceTier) {
    return inForceAt(at).stream().filter(e -> e.serviceTier().equals(serviceTier)).toList();
  }

  public List<PriceEntry> entries() {
    return entries;
  }

  private static Optional<PriceEntry> inForce(Rule rule, Element element, Instant at) {
    NavigableMap<Instant, PriceEntry> dated = rule.byElement().get(element);
    if (dated == null) {
      return Optional.empty();
    }
    Map.Entry<Instant, PriceEntry> floor = dated.floorEntry(at);
    return floor == null ? Optional.empty() : Optional.of(floor.getValue());
  }
}
