package dev.tollgate.collector.alerts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The sample alerts a test send delivers: one of each type the channel takes, for an example team. */
final class Samples {

  static final String TEAM = "Example team";

  private Samples() {}

  static List<String> of(AlertRaiser format, List<AlertType> types, Instant now) {
    List<String> payloads = new ArrayList<>();
    Instant monthEnd = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1)
        .atStartOfDay(ZoneOffset.UTC).toInstant();
    for (AlertType type : types) {
      Map<String, Object> details = new LinkedHashMap<>();
      switch (type) {
        case QUOTA_THRESHOLD -> {
          details.put("quota_id", UUID.randomUUID().toString());
          details.put("unit", "cost");
          details.put("period", "month");
          details.put("threshold", 80);
          details.put("used", "80.25");
          details.put("limit", "100");
          details.put("period_end", monthEnd.toString());
          details.put("refusals", null);
        }
        case UNPRICED_MODEL -> {
          details.put("model", "example-model-2026");
          details.put("first_seen", now.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        case SPEND_SPIKE -> {
          details.put("day", LocalDate.ofInstant(now, ZoneOffset.UTC).toString());
          details.put("spend", "42.5");
          details.put("average", new BigDecimal("10.2").toPlainString());
          details.put("multiple", "4.17");
        }
      }
      payloads.add(format.payload(UUID.randomUUID(), type, now, null, TEAM, details));
    }
    return payloads;
  }
}
