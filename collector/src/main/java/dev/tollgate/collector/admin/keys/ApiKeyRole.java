package dev.tollgate.collector.admin.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The roles an API key can have (client tokens come from the token endpoint instead). */
public enum ApiKeyRole {
  @JsonProperty("admin") ADMIN,
  @JsonProperty("finance") FINANCE;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }
}
