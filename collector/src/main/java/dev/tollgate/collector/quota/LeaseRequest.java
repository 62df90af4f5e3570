package dev.tollgate.collector.quota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tollgate.collector.common.ProblemException;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A request for a quota lease. {@code endpoint} (a path such as {@code /v1/chat/completions})
 * or {@code source} (a source name) lets the collector refuse a source the team's product
 * does not include; without either no source is checked. {@code replaces} (an extension of
 * the spec, sent by the SDK when it renews) names the caller's lease this one replaces and what
 * was used of it, so that lease is settled with that use rather than as if nothing had been
 * used. Sent by the SDK: fields it does not know are ignored, so a newer SDK may send more.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeaseRequest(String model, String endpoint, String source, Estimate estimate, Replaces replaces) {

  /** The lease being replaced and what its calls used (as the settle endpoint's body). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Replaces(UUID leaseId, Estimate used) {}

  /**
   * What the caller expects the call(s) to consume; each field optional. {@code promptTokens}
   * (an extension the SDK sends) says how many of {@code tokens} are prompt, so that a cost
   * quota prices them at the prompt rate.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Estimate(BigDecimal cost, BigDecimal tokens, BigDecimal requests, BigDecimal promptTokens) {

    public Estimate(BigDecimal cost, BigDecimal tokens, BigDecimal requests) {
      this(cost, tokens, requests, null);
    }

    public BigDecimal of(Unit unit) {
      return switch (unit) {
        case COST -> cost;
        case TOKENS -> tokens;
        case REQUESTS -> requests;
      };
    }

    /** Refuses (422 naming {@code field}.unit) any negative amount: an estimate or a use is never below 0. */
    void requireNotNegative(String field) {
      for (Unit unit : Unit.values()) {
        BigDecimal v = of(unit);
        if (v != null && v.signum() < 0) {
          throw ProblemException.invalid(field + "." + unit.wireName(), "must be >= 0");
        }
      }
      if (promptTokens != null && promptTokens.signum() < 0) {
        throw ProblemException.invalid(field + ".prompt_tokens", "must be >= 0");
      }
    }
  }
}
