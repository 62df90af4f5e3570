package dev.tollgate.collector.admin.teams;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Whether a team, client or subscription may be used. */
public enum Status {
  @JsonProperty("active") ACTIVE,
  @JsonProperty("disabled") DISABLED;

  /** The value stored in the database and shown on the wire. */
  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Status fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
