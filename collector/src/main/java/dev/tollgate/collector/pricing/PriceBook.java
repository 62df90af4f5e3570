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
 * <p>For each element the exact model name wins, otherwise the longest matching prefix
 * rule, otherwise the element has no rate. A rule only competes for an element when it
 * has an entry for it in force at the event's time (the latest {@code effective_from <=
 * timestamp}); a rule whose first entry starts later does not make earlier events unpriced.
 */
public final class PriceBook {

  private static final int RATE_SCALE = 18;

  /** Entries of one rule (exact or prefix) per element, by effective_from. */
  private record Rule(String model, String prefix, Map<Element, NavigableMap<Instant, PriceEntry>> byElement) {}

  private final Map<String, Rule> exact;
  /** Prefix rules, longest prefix first. */
  private final List<Rule> prefixRules;
  private final List<PriceEntry> entries;

  private PriceBook(Map<String, Rule> exact, List<Rule> prefixRules, List<PriceEntry> entries) {
    this.exact = exact;
    this.prefixRules = prefixRules;
    this.entries = entries;
  }

  public static PriceBook of(Collection<PriceEntry> entries) {
    Map<String, Rule> rules = new HashMap<>();
    for (PriceEntry e : entries) {
      rules.computeIfAbsent(e.model(), m -> new Rule(m, e.prefix(), new EnumMap<>(Element.class)))
          .byElement().computeIfAbsent(e.element(), x -> new TreeMap<>())
          .put(e.effectiveFrom(), e);
    }
    Map<String, Rule> exact = new HashMap<>();
    List<Rule> prefixes = new ArrayList<>();
    for (Rule rule : rules.values()) {
      if (rule.model().endsWith("*")) {
        prefixes.add(rule);
      } else {
        exact.put(rule.model(), rule);
      }
    }
    prefixes.sort(Comparator.comparingInt((Rule r) -> r.prefix().length()).reversed()
        .thenComparing(Rule::model));
    return new PriceBook(Map.copyOf(exact), List.copyOf(prefixes), List.copyOf(entries));
  }

  public static PriceBook empty() {
    return of(List.of());
  }

  /** The entry in force for {@code model}'s {@code element} at {@code at}, if any. */
  public Optional<PriceEntry> rate(String model, Element element, Instant at) {
    if (model == null) {
      return Optional.empty();
    }
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

  /** A model is priced when it has a prompt or a completion rate at {@code at}. */
  public boolean isPriced(String model, Instant at) {
    return rate(model, Element.PROMPT_TOKENS, at).isPresent()
        || rate(model, Element.COMPLETION_TOKENS, at).isPresent();
  }

  /**
   * The most one token of {@code model} can cost at {@code at}: the highest rate of any token
   * element, per token, rounded up. Quota leases hand it to the SDK so that it can count a
   * cost grant down locally without ever admitting more than the grant covers.
   */
  public Optional<BigDecimal> maxTokenRate(String model, Instant at) {
    BigDecimal max = null;
    for (Element element : Element.values()) {
      if (element == Element.REQUESTS) {
        continue;
      }
      Optional<PriceEntry> entry = rate(model, element, at);
      if (entry.isPresent()) {
        BigDecimal perToken = entry.get().price().divide(entry.get().per(), RATE_SCALE, RoundingMode.UP);
        max = max == null ? perToken : max.max(perToken);
      }
    }
    return Optional.ofNullable(max);
  }

  /** Whether any entry (of any date) would price {@code model}'s prompt or completion tokens. */
  public boolean hasAnyRate(String model) {
    return isPriced(model, Instant.MAX);
  }

  /** Every entry in force at {@code at}, one per (rule, element). */
  public List<PriceEntry> inForceAt(Instant at) {
    List<PriceEntry> out = new ArrayList<>();
    List<Rule> all = new ArrayList<>(exact.values());
    all.addAll(prefixRules);
    all.sort(Comparator.comparing(Rule::model));
    for (Rule rule : all) {
      for (Element element : Element.values()) {
        inForce(rule, element, at).ifPresent(out::add);
      }
    }
    return out;
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
