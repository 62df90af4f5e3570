package dev.tollgate.collector.reports;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;

/**
 * A month's chargeback statement: per team, the total and its lines per product and model,
 * in cents (as strings), the lines adding up to the total exactly.
 */
record Chargeback(String month, String currency, List<Team> teams) {

  Chargeback {
    teams = List.copyOf(teams);
  }

  record Team(UUID teamId, String team, String total, List<Line> lines) {

    Team {
      lines = List.copyOf(lines);
    }
  }

  /** {@code product} is null for usage that matched no subscription, {@code model} null when none was known. */
  record Line(String product, String model, BigInteger requests, BigInteger promptTokens,
      BigInteger completionTokens, String cost) {}

  static final String[] CSV_HEADER = {"month", "currency", "team_id", "team", "team_total", "product", "model",
      "requests", "prompt_tokens", "completion_tokens", "cost"};
}
