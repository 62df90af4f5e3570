package dev.tollgate.collector.admin.subscriptions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** What a quota counts: money in the price book's currency, tokens, or requests. */
public enum QuotaUnit {
  @JsonProperty("cost") COST,
  @JsonProperty("tokens") TOKENS,
  @JsonProperty("requests") REQUESTS;

  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }
}
