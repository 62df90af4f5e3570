package dev.tollgate.collector.admin.subscriptions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** {@code hard} refuses calls over the limit; {@code soft} only alerts. */
public enum Enforcement {
  @JsonProperty("hard") HARD,
  @JsonProperty("soft") SOFT;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }
}
