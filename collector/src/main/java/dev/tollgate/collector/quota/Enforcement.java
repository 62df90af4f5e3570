package dev.tollgate.collector.quota;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** {@code hard} refuses calls over the limit; {@code soft} only alerts. */
public enum Enforcement {
  @JsonProperty("hard") HARD,
  @JsonProperty("soft") SOFT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Enforcement fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
