package dev.tollgate.sdk;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The quota that refused a call, as the collector described it.
 *
 * @param quotaId the quota's id
 * @param unit {@code cost}, {@code tokens} or {@code requests}
 * @param period {@code day}, {@code month}, ...
 * @param limit the quota's limit (money for {@code cost}, a count otherwise)
 * @param used what was used in the current period
 * @param periodEnd when the current period ends and the quota resets
 */
public record Quota(
    String quotaId, String unit, String period, BigDecimal limit, BigDecimal used, Instant periodEnd) {}
