package dev.tollgate.collector.pricing;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Service tiers ({@code default}, {@code flex}, {@code priority}, ...): what a provider's answer
 * reports as {@code service_tier}, and what a price entry is for. A tier is a short name of
 * letters, digits, '.', '_' and '-', compared in lower case; absent means {@link #DEFAULT}.
 */
public final class ServiceTiers {

  /** The tier of an event or a price entry that names none. */
  public static final String DEFAULT = "default";
  public static final int MAX_LENGTH = 64;
  /** Why a tier was refused, for problem details. */
  public static final String RULE = "must be 1 to " + MAX_LENGTH + " letters, digits, '.', '_' or '-', such as flex";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

  private ServiceTiers() {}

  /** The tier {@code raw} names, in lower case; {@link #DEFAULT} for null; empty when it is not a tier name. */
  public static Optional<String> parse(String raw) {
    if (raw == null) {
      return Optional.of(DEFAULT);
    }
    return NAME.matcher(raw).matches() ? Optional.of(raw.toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  public static boolean isDefault(String tier) {
    return DEFAULT.equals(tier);
  }
}
