package dev.tollgate.collector.reports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One FOCUS row, or a part of one: the charge lines of one team, client, model, element and UTC
 * day (and source, price entry, markup percent and currency), summed. {@code amount} is the
 * exact sum of the lines before markup; {@code tags} the tags all its events agree on.
 *
 * @param priceModel the model rule of the price entry (e.g. {@code gpt-4o-mini*}), null without one
 * @param provider the provider of the team's key (or of the default key), null when there is none
 */
record FocusRow(Key key, String team, String clientName, String priceModel, String provider, String providerKeyName,
    BigDecimal quantity, BigDecimal amount, Map<String, String> tags) {

  /**
   * What makes lines one FOCUS row. Decimals compare by value.
   *
   * @param priceId null only for lines stored without their price entry
   */
  record Key(LocalDate day, UUID teamId, String clientPublicId, String model, String element, String serviceTier,
      String source, UUID priceId, BigDecimal unitPrice, BigDecimal per, BigDecimal markupPercent, String currency) {

    Key {
      unitPrice = unitPrice.stripTrailingZeros();
      per = per.stripTrailingZeros();
      markupPercent = markupPercent.stripTrailingZeros();
    }
  }

  FocusRow {
    Objects.requireNonNull(key, "key");
    tags = Map.copyOf(tags);
  }

  /** This part and another part of the same row (events with other tags): sums added, the tags both agree on kept. */
  FocusRow plus(FocusRow other) {
    if (!key.equals(other.key())) {
      throw new IllegalArgumentException("parts of different FOCUS rows: " + key + " and " + other.key());
    }
    Map<String, String> agreed = new HashMap<>(tags);
    agreed.entrySet().removeIf(tag -> !tag.getValue().equals(other.tags().get(tag.getKey())));
    return new FocusRow(key, team, clientName, priceModel, provider, providerKeyName, quantity.add(other.quantity()),
        amount.add(other.amount()), agreed);
  }
}
