package dev.tollgate.collector.reports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One FOCUS row as the database sums it: the charge lines of one team, client, model, element
 * and UTC day (and source, price entry, markup percent and currency). {@code amount} is the
 * exact sum of the lines before markup; {@code tagsJson} the tags all its events agree on.
 *
 * @param priceId null only for lines stored without their price entry
 * @param priceModel the model rule of the price entry (e.g. {@code gpt-4o-mini*}), null without one
 * @param provider the provider of the team's key (or of the default key), null when there is none
 */
record FocusRow(LocalDate day, UUID teamId, String team, String clientPublicId, String clientName, String model,
    String element, String serviceTier, String source, UUID priceId, String priceModel, BigDecimal unitPrice,
    BigDecimal per, BigDecimal markupPercent, String currency, BigDecimal quantity, BigDecimal amount,
    String tagsJson, String provider, String providerKeyName) {}
