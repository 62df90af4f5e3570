package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Raises alerts inside the caller's transaction (ingest): the alert row and one outbox row per
 * channel that takes it commit with the usage that caused them, or not at all. Each alert has
 * a dedup key, unique in the database, so it is raised once however many instances ingest:
 * {@code quota_threshold} once per quota, period and threshold; {@code unpriced_model} once per
 * model; {@code spend_spike} once per team and day.
 */
public final class AlertRaiser {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final BigDecimal SEVEN = BigDecimal.valueOf(7);

  /**
   * How a quota's used amount moved in one transaction, with what an alert about it says.
   *
   * @param unit {@code cost}, {@code tokens} or {@code requests}
   * @param period {@code day}, {@code week}, {@code month} or {@code total}
   * @param periodEnd null for a total quota
   * @param refusals leases the quota refused so far in the period
   */
  public record QuotaUse(UUID quotaId, String unit, String period, BigDecimal limit, boolean hard,
      List<Integer> thresholds, Instant periodStart, Instant periodEnd, BigDecimal usedBefore, BigDecimal usedAfter,
      long refusals) {}

  private final ObjectMapper json;
  private final Clock clock;
  private final BigDecimal spikeMultiple;
  private final Runnable wake;

  /**
   * @param wake nudges this instance's sender; call {@link #wakeSender()} after the transaction commits
   */
  public AlertRaiser(ObjectMapper json, Clock clock, BigDecimal spikeMultiple, Runnable wake) {
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.spikeMultiple = Objects.requireNonNull(spikeMultiple, "spikeMultiple");
    this.wake = Objects.requireNonNull(wake, "wake");
  }

  /** Raises a {@code quota_threshold} alert for each threshold a use crossed; returns how many were raised. */
  public int quotaThresholds(Handle h, UUID teamId, List<QuotaUse> uses) {
    int raised = 0;
    for (QuotaUse use : uses) {
      for (int threshold : crossed(use.thresholds(), use.limit(), use.usedBefore(), use.usedAfter())) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("quota_id", use.quotaId().toString());
        details.put("unit", use.unit());
        details.put("period", use.period());
        details.put("threshold", threshold);
        details.put("used", amount(use.unit(), use.usedAfter()));
        details.put("limit", amount(use.unit(), use.limit()));
        details.put("period_end", use.periodEnd() == null ? null : use.periodEnd().toString());
        // At 100 % of a hard quota: how many leases it has refused in the period so far.
        details.put("refusals", use.hard() && threshold >= 100 ? use.refusals() : null);
        String key = "quota_threshold:" + use.quotaId() + ":" + use.periodStart() + ":" + threshold;
        raised += raise(h, AlertType.QUOTA_THRESHOLD, key, teamId, details) ? 1 : 0;
      }
    }
    return raised;
  }

  /** Raises an {@code unpriced_model} alert for each model never alerted before; {@code firstSeen} per model. */
  public int unpricedModels(Handle h, UUID teamId, Map<String, Instant> firstSeen) {
    int raised = 0;
    for (Map.Entry<String, Instant> model : firstSeen.entrySet()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("model", model.getKey());
      details.put("first_seen", model.getValue().toString());
      raised += raise(h, AlertType.UNPRICED_MODEL, "unpriced_model:" + model.getKey(), teamId, details) ? 1 : 0;
    }
    return raised;
  }

  /**
   * Raises a {@code spend_spike} alert when the team's spend on {@code day} is above the
   * configured multiple of its daily average over the seven days before (days without usage
   * count as zero; a team without spend in those days has no average to spike above).
   */
  public boolean spendSpike(Handle h, UUID teamId, LocalDate day, BigDecimal spend, BigDecimal previousSevenDays) {
    if (!isSpike(spend, previousSevenDays, spikeMultiple)) {
      return false;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("day", day.toString());
    details.put("spend", plain(spend));
    details.put("average", plain(previousSevenDays.divide(SEVEN, 6, RoundingMode.HALF_EVEN)));
    details.put("multiple", plain(spend.multiply(SEVEN).divide(previousSevenDays, 2, RoundingMode.HALF_EVEN)));
    return raise(h, AlertType.SPEND_SPIKE, "spend_spike:" + teamId + ":" + day, teamId, details);
  }

  /** Lets this instance's sender deliver at once what a committed transaction raised. */
  public void wakeSender() {
    wake.run();
  }

  /** The thresholds (percent) with {@code before < t% of limit <= after}, ascending. */
  static List<Integer> crossed(List<Integer> thresholds, BigDecimal limit, BigDecimal before, BigDecimal after) {
    List<Integer> crossed = new ArrayList<>();
    BigDecimal beforePercent = before.multiply(HUNDRED);
    BigDecimal afterPercent = after.multiply(HUNDRED);
    for (int t : thresholds.stream().sorted().toList()) {
      BigDecimal mark = limit.multiply(BigDecimal.valueOf(t));
      if (beforePercent.compareTo(mark) < 0 && afterPercent.compareTo(mark) >= 0) {
        crossed.add(t);
      }
    }
    return crossed;
  }

  static boolean isSpike(BigDecimal spend, BigDecimal previousSevenDays, BigDecimal multiple) {
    return previousSevenDays.signum() > 0
        && spend.multiply(SEVEN).compareTo(multiple.multiply(previousSevenDays)) > 0;
  }

  private boolean raise(Handle h, AlertType type, String key, UUID teamId, Map<String, Object> details) {
    AlertDao alerts = h.attach(AlertDao.class);
    if (alerts.exists(key)) {
      return false;
    }
    UUID id = UUID.randomUUID();
    Instant at = clock.instant();
    String team = teamId == null ? null : alerts.teamName(teamId).orElse(null);
    String payload = payload(id, type, at, teamId, team, details);
    if (alerts.insert(id, type.wireName(), key, at, teamId, payload).isEmpty()) {
      return false;
    }
    alerts.route(id, teamId, type.wireName(), at);
    return true;
  }

  /** {@code {"id", "type", "occurred_at", "team_id", "team", "details"}}, in that order. */
  String payload(UUID id, AlertType type, Instant at, UUID teamId, String team, Map<String, Object> details) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", id.toString());
    payload.put("type", type.wireName());
    payload.put("occurred_at", at.toString());
    payload.put("team_id", teamId == null ? null : teamId.toString());
    payload.put("team", team);
    payload.put("details", details);
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert payload is plain JSON", e);
    }
  }

  /** Money as an exact plain string, counts as whole numbers, as the quota endpoints show them. */
  static Object amount(String unit, BigDecimal value) {
    return "cost".equals(unit) ? plain(value) : value.setScale(0, RoundingMode.FLOOR);
  }

  private static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
