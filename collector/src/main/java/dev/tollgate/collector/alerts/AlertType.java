package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Optional;

/** What an alert is about. */
public enum AlertType {
  @JsonProperty("quota_threshold") QUOTA_THRESHOLD,
  @JsonProperty("unpriced_model") UNPRICED_MODEL,
  @JsonProperty("spend_spike") SPEND_SPIKE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AlertType> fromWire(String value) {
    for (AlertType type : values()) {
      if (type.wireName().equals(value)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
