package dev.tollgate.sdk.internal.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import java.io.IOException;

/**
 * What metering reads from a whole JSON answer: the top-level {@code model},
 * {@code service_tier} and {@code usage}, every other field skipped without being built.
 *
 * @param model the model that answered, or null
 * @param serviceTier the service tier the answer reports, or null
 * @param usage the usage, or null
 */
record AnswerScan(String model, String serviceTier, UsageEvent.Usage usage) {

  /** Scans {@code body}; throws when it is not a JSON object. */
  static AnswerScan of(byte[] body) throws IOException {
    String model = null;
    String tier = null;
    UsageEvent.Usage usage = null;
    try (JsonParser p = Json.mapper().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the answer is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "model" -> model = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "service_tier" -> tier = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "usage" -> usage = value == JsonToken.START_OBJECT ? UsageMapper.fromJson(p.readValueAsTree()) : null;
          default -> p.skipChildren();
        }
      }
    }
    return new AnswerScan(model, tier, usage);
  }
}
