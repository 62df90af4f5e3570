package dev.tollgate.collector.quota;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** What a quota counts: money (total_cost, markup included), tokens (prompt + completion) or requests. */
public enum Unit {
  @JsonProperty("cost") COST,
  @JsonProperty("tokens") TOKENS,
  @JsonProperty("requests") REQUESTS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Unit fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Tokens and requests are whole; a slice of them is rounded down. */
  public BigDecimal floor(BigDecimal amount) {
    return this == COST ? amount : amount.setScale(0, RoundingMode.FLOOR);
  }

  /** How the API shows an amount of this unit: money as a plain string, counts as numbers. */
  public Object json(BigDecimal amount) {
    if (this == COST) {
      return amount.signum() == 0 ? "0" : amount.toPlainString();
    }
    return amount.setScale(0, RoundingMode.FLOOR);
  }
}
