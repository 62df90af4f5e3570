package dev.tollgate.collector.reports;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the transaction log. {@code team} is the team's name and {@code client} the
 * client's public id ({@code tg_...}); their ids and the client's name come alongside.
 * {@code model} is the rated model (the answered model, else the requested one). Money is
 * a string holding the exact stored amount. {@code serviceTier} is the tier the provider's answer
 * reported ({@code default} when it named none).
 */
record TransactionItem(UUID id, Instant timestamp, UUID teamId, String team, String client, String clientName,
    String source, String model, int statusCode, int latencyMs, long promptTokens, long cachedPromptTokens,
    long completionTokens, String totalCost, String currency, boolean unpriced, boolean estimated,
    String serviceTier) {

  static final String[] CSV_HEADER = {"id", "timestamp", "team_id", "team", "client", "client_name", "source",
      "model", "status_code", "latency_ms", "prompt_tokens", "cached_prompt_tokens", "completion_tokens",
      "total_cost", "currency", "unpriced", "estimated", "service_tier"};

  Object[] csvRow() {
    return new Object[] {id, timestamp, teamId, team, client, clientName, source, model, statusCode, latencyMs,
        promptTokens, cachedPromptTokens, completionTokens, totalCost, currency, unpriced, estimated, serviceTier};
  }
}
