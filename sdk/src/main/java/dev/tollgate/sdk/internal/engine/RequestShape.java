package dev.tollgate.sdk.internal.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.tokens.TokenEstimate;
import dev.tollgate.sdk.internal.tokens.TokenEstimator;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What admission and metering need to know of a request: its model, whether it streams, whether
 * the caller asked for the usage chunk itself, and its token estimate. The own client makes it
 * from its typed request; for any other client the engine reads it from the JSON body, looking
 * only at top-level fields and skipping the rest (the exact token count parses the body, and
 * only when admission needs it).
 *
 * @param model the requested model, or null
 * @param stream whether the request asks for a stream
 * @param includeUsage whether the caller set {@code stream_options.include_usage}
 * @param estimate the token estimate to admit with
 */
public record RequestShape(String model, boolean stream, boolean includeUsage, TokenEstimate estimate) {

  /** A request without a body (or without a JSON object as its body). */
  public static final RequestShape NONE = new RequestShape(null, false, false, TokenEstimate.exactly(0));

  /** Reads the shape of {@code body}, a request to {@code op}; {@link #NONE} when it is not a JSON object. */
  public static RequestShape scan(Operation op, byte[] body, TokenEstimator tokens) {
    if (body == null || body.length == 0) {
      return NONE;
    }
    String model = null;
    boolean stream = false;
    boolean includeUsage = false;
    Long outputLimit = null;
    try (JsonParser p = Json.mapper().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return NONE;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "model" -> model = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "stream" -> stream = value == JsonToken.VALUE_TRUE;
          case "max_completion_tokens", "max_output_tokens" -> outputLimit = value.isNumeric() ? p.getLongValue() : null;
          case "max_tokens" -> {
            if (outputLimit == null && value.isNumeric()) {
              outputLimit = p.getLongValue();
            }
          }
          case "stream_options" -> includeUsage = includeUsage(p, value);
          default -> p.skipChildren();
        }
      }
    } catch (IOException notJson) {
      return NONE;
    }
    TokenEstimate estimate = tokens.lazyEstimate(op.path(), body, outputLimit, () -> parse(body));
    return new RequestShape(model, stream, includeUsage, estimate);
  }

  private static boolean includeUsage(JsonParser p, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      p.skipChildren();
      return false;
    }
    boolean include = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if ("include_usage".equals(name)) {
        include = v == JsonToken.VALUE_TRUE;
      } else {
        p.skipChildren();
      }
    }
    return include;
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
