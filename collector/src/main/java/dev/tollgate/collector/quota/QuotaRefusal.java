package dev.tollgate.collector.quota;

import dev.tollgate.collector.common.ProblemException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A 402 {@code quota_exceeded} that remembers which quota and period refused, so the refusal can be counted. */
final class QuotaRefusal extends ProblemException {

  private static final long serialVersionUID = 1L;

  private final transient UUID quotaId;
  private final transient Instant periodStart;

  QuotaRefusal(UUID quotaId, Instant periodStart, String detail, Map<String, Object> quota) {
    super(402, "payment-required", "Payment Required", detail, null, extensions(quota));
    this.quotaId = quotaId;
    this.periodStart = periodStart;
  }

  private static Map<String, Object> extensions(Map<String, Object> quota) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("reason", "quota_exceeded");
    extensions.put("quota", quota);
    return extensions;
  }

  UUID quotaId() {
    return quotaId;
  }

  Instant periodStart() {
    return periodStart;
  }
}
