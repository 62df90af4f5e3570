package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Where a channel delivers: a signed JSON webhook, or a Slack incoming webhook. */
public enum ChannelType {
  @JsonProperty("webhook") WEBHOOK,
  @JsonProperty("slack") SLACK;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ChannelType fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
