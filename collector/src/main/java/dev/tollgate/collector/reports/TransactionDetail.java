package dev.tollgate.collector.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event with how its total was computed: the list item's fields, the rest of the event,
 * and its charge lines. {@code model} is the rated model; {@code request_model} and
 * {@code response_model} are what the SDK reported, and {@code service_tier} the tier the answer reported.
 */
record TransactionDetail(UUID id, Instant timestamp, UUID teamId, String team, String client, String clientName,
    String source, String model, int statusCode, int latencyMs, long promptTokens, long cachedPromptTokens,
    long completionTokens, String totalCost, String currency, boolean unpriced, boolean estimated,
    Instant receivedAt, String endpoint, String method, String requestModel, String responseModel,
    Integer timeToFirstTokenMs, boolean streamed, UUID leaseId, String traceId, String endUser, JsonNode tags,
    JsonNode error, long cacheWritePromptTokens, long audioPromptTokens, long reasoningTokens,
    long audioCompletionTokens, UUID productId, String product, List<Charge> charges, String subtotal,
    String markupPercent, String markup, Instant priceEffectiveFrom, Instant ratedAt, String serviceTier) {

  TransactionDetail {
    charges = List.copyOf(charges);
  }

  /**
   * One rated element: {@code amount = quantity x unit_price / per}, at the price entry of
   * {@code service_tier} (the event's tier, or {@code default} when that tier has no entry for it).
   */
  record Charge(String element, long quantity, String unitPrice, String per, String amount, String serviceTier) {}

  TransactionDetail withCharges(List<Charge> lines) {
    return new TransactionDetail(id, timestamp, teamId, team, client, clientName, source, model, statusCode,
        latencyMs, promptTokens, cachedPromptTokens, completionTokens, totalCost, currency, unpriced, estimated,
        receivedAt, endpoint, method, requestModel, responseModel, timeToFirstTokenMs, streamed, leaseId, traceId,
        endUser, tags, error, cacheWritePromptTokens, audioPromptTokens, reasoningTokens, audioCompletionTokens,
        productId, product, lines, subtotal, markupPercent, markup, priceEffectiveFrom, ratedAt, serviceTier);
  }
}
