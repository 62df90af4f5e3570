package dev.tollgate.collector.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.collector.common.FieldError;
import dev.tollgate.collector.common.TextRules;
import dev.tollgate.collector.pricing.Quantities;
import dev.tollgate.collector.pricing.ServiceTiers;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads and validates one event of a batch, collecting every invalid field (named
 * relative to the event, e.g. {@code usage.prompt_tokens}) instead of stopping at the
 * first. Unknown fields are ignored, so newer SDKs can send more.
 *
 * <p>The bounds (collector-api.md, "Usage ingest"): token counts 0 to 10^9 with every part
 * within its whole, so that no sum of a batch, a rollup or a quota can overflow; latencies
 * 0 to 24 h; text without control characters and at most 256 characters; at most 32 tags;
 * timestamps from 2020 on and at most 5 minutes ahead. The {@code error} object is stored as
 * sent, so it may hold no text PostgreSQL cannot store (NUL, unpaired surrogates) and is at
 * most 16 KiB as JSON.
 */
final class EventParser {

  static final Duration MAX_FUTURE = Duration.ofMinutes(5);
  static final Instant EARLIEST = Instant.parse("2020-01-01T00:00:00Z");
  static final long MAX_TOKENS = 1_000_000_000L;
  static final long MAX_MILLIS = 86_400_000L;
  private static final int MAX_TEXT = 256;
  private static final int MAX_TAGS = 32;
  private static final int MAX_TAG_KEY = 64;
  private static final int MAX_ERROR_JSON = 16 * 1024;
  private static final String[] USAGE_FIELDS = {"prompt_tokens", "cached_prompt_tokens",
      "cache_write_prompt_tokens", "audio_prompt_tokens", "completion_tokens", "reasoning_tokens",
      "audio_completion_tokens"};

  /** Either an event or why not. */
  record Result(IngestEvent event, List<FieldError> errors) {}

  private final ObjectMapper json;

  EventParser(ObjectMapper json) {
    this.json = json;
  }

  Result parse(JsonNode node, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    if (node == null || !node.isObject()) {
      return new Result(null, List.of(new FieldError("", "must be an object")));
    }
    UUID id = uuid(node, "id", true, errors);
    Instant timestamp = timestamp(node, errors);
    if (timestamp != null && timestamp.isAfter(now.plus(MAX_FUTURE))) {
      errors.add(new FieldError("timestamp", "must not be more than 5 minutes in the future"));
    }
    if (timestamp != null && timestamp.isBefore(EARLIEST)) {
      errors.add(new FieldError("timestamp", "must be 2020-01-01T00:00:00Z or later"));
    }
    String endpoint = text(node, "endpoint", true, MAX_TEXT, errors);
    if (endpoint != null && endpoint.isBlank()) {
      errors.add(new FieldError("endpoint", "must not be blank"));
    }
    String method = text(node, "method", false, 16, errors);
    String requestModel = text(node, "request_model", false, MAX_TEXT, errors);
    String model = text(node, "model", false, MAX_TEXT, errors);
    Long status = integer(node, "status_code", true, errors);
    if (status != null && (status < 0 || status > 599)) {
      errors.add(new FieldError("status_code", "must be an HTTP status (0 when no response came)"));
    }
    Long latency = millis(node, "latency_ms", true, errors);
    Long ttft = millis(node, "time_to_first_token_ms", false, errors);
    boolean streamed = bool(node, "streamed", errors);
    UUID leaseId = uuid(node, "lease_id", false, errors);
    String traceId = text(node, "trace_id", false, MAX_TEXT, errors);
    String endUser = text(node, "end_user", false, MAX_TEXT, errors);
    Quantities quantities = Quantities.NONE;
    boolean estimated = false;
    JsonNode usage = node.get("usage");
    if (usage != null && !usage.isNull()) {
      if (!usage.isObject()) {
        errors.add(new FieldError("usage", "must be an object"));
      } else {
        quantities = quantities(usage, errors);
        estimated = bool(usage, "estimated", errors, "usage.");
      }
    }
    String errorJson = errorJson(node.get("error"), errors);
    String tagsJson = tags(node.get("tags"), errors);
    String serviceTier = serviceTier(node, errors);
    if (!errors.isEmpty()) {
      return new Result(null, errors);
    }
    return new Result(new IngestEvent(id, timestamp, endpoint, method, requestModel, model, status.intValue(),
        latency.intValue(), ttft == null ? null : ttft.intValue(), streamed, leaseId, traceId, endUser,
        quantities, estimated, errorJson, tagsJson, serviceTier), List.of());
  }

  private static Quantities quantities(JsonNode usage, List<FieldError> errors) {
    long[] v = new long[USAGE_FIELDS.length];
    int before = errors.size();
    for (int i = 0; i < USAGE_FIELDS.length; i++) {
      Long n = integer(usage, USAGE_FIELDS[i], false, errors, "usage.");
      if (n != null && n < 0) {
        errors.add(new FieldError("usage." + USAGE_FIELDS[i], "must be >= 0"));
      } else if (n != null && n > MAX_TOKENS) {
        errors.add(new FieldError("usage." + USAGE_FIELDS[i], "must be at most " + MAX_TOKENS));
      }
      v[i] = n == null ? 0 : n;
    }
    if (errors.size() != before) {
      return Quantities.NONE;
    }
    Quantities q = new Quantities(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    if (q.cachedPromptTokens() + q.cacheWritePromptTokens() + q.audioPromptTokens() > q.promptTokens()) {
      errors.add(new FieldError("usage.prompt_tokens",
          "must be at least cached_prompt_tokens + cache_write_prompt_tokens + audio_prompt_tokens"));
    }
    if (q.reasoningTokens() + q.audioCompletionTokens() > q.completionTokens()) {
      errors.add(new FieldError("usage.completion_tokens",
          "must be at least reasoning_tokens + audio_completion_tokens"));
    }
    return q;
  }

  private String tags(JsonNode tags, List<FieldError> errors) {
    if (tags == null || tags.isNull()) {
      return "{}";
    }
    if (!tags.isObject()) {
      errors.add(new FieldError("tags", "must be an object of strings"));
      return null;
    }
    if (tags.size() > MAX_TAGS) {
      errors.add(new FieldError("tags", "must have at most " + MAX_TAGS + " entries"));
      return null;
    }
    ObjectNode out = json.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> it = tags.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Optional<String> badKey = TextRules.notOneLine(e.getKey());
      if (badKey.isPresent()) {
        errors.add(new FieldError("tags", "keys " + badKey.get()));
      } else if (e.getKey().isEmpty() || e.getKey().length() > MAX_TAG_KEY) {
        errors.add(new FieldError("tags." + e.getKey(), "the key must have 1 to " + MAX_TAG_KEY + " characters"));
      } else if (!e.getValue().isTextual() || e.getValue().asText().length() > MAX_TEXT) {
        errors.add(new FieldError("tags." + e.getKey(), "must be a string of at most " + MAX_TEXT + " characters"));
      } else {
        Optional<String> badValue = TextRules.notOneLine(e.getValue().asText());
        if (badValue.isPresent()) {
          errors.add(new FieldError("tags." + e.getKey(), badValue.get()));
        } else {
          out.put(e.getKey(), e.getValue().asText());
        }
      }
    }
    return out.toString();
  }

  /** The error object's JSON text, if it is one PostgreSQL can store. */
  private static String errorJson(JsonNode error, List<FieldError> errors) {
    if (error == null || error.isNull()) {
      return null;
    }
    Optional<String> bad = unstorableText(error);
    if (bad.isPresent()) {
      errors.add(new FieldError("error", bad.get()));
      return null;
    }
    String text = error.toString();
    if (text.length() > MAX_ERROR_JSON) {
      errors.add(new FieldError("error", "must be at most " + MAX_ERROR_JSON + " characters as JSON"));
      return null;
    }
    return text;
  }

  /** Whether any key or string value under {@code node} holds text PostgreSQL cannot store. */
  private static Optional<String> unstorableText(JsonNode node) {
    if (node.isTextual()) {
      return TextRules.unstorable(node.textValue());
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      Optional<String> bad = TextRules.unstorable(e.getKey()).or(() -> unstorableText(e.getValue()));
      if (bad.isPresent()) {
        return bad;
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        Optional<String> bad = unstorableText(element);
        if (bad.isPresent()) {
          return bad;
        }
      }
    }
    return Optional.empty();
  }

  private static Long millis(JsonNode node, String field, boolean required, List<FieldError> errors) {
    Long n = integer(node, field, required, errors);
    if (n != null && (n < 0 || n > MAX_MILLIS)) {
      errors.add(new FieldError(field, "must be from 0 to " + MAX_MILLIS + " (24 hours)"));
      return null;
    }
    return n;
  }

  /** The tier the answer reported, lower case; {@code default} when absent or null. */
  private static String serviceTier(JsonNode node, List<FieldError> errors) {
    String raw = text(node, "service_tier", false, ServiceTiers.MAX_LENGTH, errors);
    if (raw == null) {
      return ServiceTiers.DEFAULT;
    }
    return ServiceTiers.parse(raw).orElseGet(() -> {
      errors.add(new FieldError("service_tier", ServiceTiers.RULE));
      return ServiceTiers.DEFAULT;
    });
  }

  private static Instant timestamp(JsonNode node, List<FieldError> errors) {
    JsonNode v = node.get("timestamp");
    if (v == null || v.isNull()) {
      errors.add(new FieldError("timestamp", "is required"));
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError("timestamp", "must be an ISO-8601 timestamp"));
      return null;
    }
    try {
      return IsoTimestamps.parse(v.asText());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError("timestamp", "must be an ISO-8601 timestamp with an offset, e.g. 2026-11-27T10:15:30.123Z"));
      return null;
    }
  }

  private static UUID uuid(JsonNode node, String field, boolean required, List<FieldError> errors) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return null;
    }
    if (v.isTextual()) {
      String s = v.asText();
      if (s.length() == 36) {
        try {
          return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
          // reported below
        }
      }
    }
    errors.add(new FieldError(field, "must be a UUID"));
    return null;
  }

  private static String text(JsonNode node, String field, boolean required, int max, List<FieldError> errors) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(field, "must be a string"));
      return null;
    }
    String s = v.asText();
    if (s.length() > max) {
      errors.add(new FieldError(field, "must be at most " + max + " characters"));
      return null;
    }
    Optional<String> bad = TextRules.notOneLine(s);
    if (bad.isPresent()) {
      errors.add(new FieldError(field, bad.get()));
      return null;
    }
    return s;
  }

  private static Long integer(JsonNode node, String field, boolean required, List<FieldError> errors) {
    return integer(node, field, required, errors, "");
  }

  private static Long integer(JsonNode node, String field, boolean required, List<FieldError> errors, String prefix) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        errors.add(new FieldError(prefix + field, "is required"));
      }
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      errors.add(new FieldError(prefix + field, "must be an integer"));
      return null;
    }
    return v.longValue();
  }

  private static boolean bool(JsonNode node, String field, List<FieldError> errors) {
    return bool(node, field, errors, "");
  }

  private static boolean bool(JsonNode node, String field, List<FieldError> errors, String prefix) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      errors.add(new FieldError(prefix + field, "must be true or false"));
      return false;
    }
    return v.booleanValue();
  }
}
