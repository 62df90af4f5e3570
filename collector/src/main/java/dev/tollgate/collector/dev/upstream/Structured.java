package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Answers that follow a shape the request asks for: a call of one of its {@code tools}
 * (arguments that satisfy the function's JSON schema), or a {@code response_format} of
 * {@code json_schema} (a document that satisfies the schema) or {@code json_object}. The values
 * are seeded: the same request gets the same answer.
 */
final class Structured {

  /**
   * A tool call to answer with.
   *
   * @param name the function's name
   * @param arguments the arguments, as the JSON text OpenAI sends
   */
  record ToolCall(String name, String arguments) {}

  private static final String[] WORDS = {"Berlin", "summary", "approved", "invoice", "quarterly", "blue"};

  private final ObjectMapper json;

  Structured(ObjectMapper json) {
    this.json = json;
  }

  /**
   * The tool call a chat request asks for: it offers {@code tools}, its {@code tool_choice} is not
   * {@code none}, and its last message is not a tool's result (which the model answers in words).
   */
  Optional<ToolCall> toolCall(JsonNode request, long seed) {
    JsonNode tools = request.path("tools");
    JsonNode messages = request.path("messages");
    if (!tools.isArray() || tools.isEmpty() || "none".equals(request.path("tool_choice").asText())
        || "tool".equals(messages.path(messages.size() - 1).path("role").asText())) {
      return Optional.empty();
    }
    String chosen = request.path("tool_choice").path("function").path("name").asText(null);
    JsonNode tool = tools.get(0);
    for (JsonNode t : tools) {
      if (t.path("function").path("name").asText().equals(chosen)) {
        tool = t;
      }
    }
    JsonNode function = tool.path("function");
    JsonNode arguments = sample(function.path("parameters"), new SplittableRandom(seed));
    return Optional.of(new ToolCall(function.path("name").asText("tool"), arguments.toString()));
  }

  /** The JSON text a chat request's {@code response_format} asks for, if it asks for JSON. */
  Optional<String> document(JsonNode request, String text, long seed) {
    JsonNode format = request.path("response_format");
    return switch (format.path("type").asText("")) {
      case "json_schema" -> Optional.of(sample(format.path("json_schema").path("schema"), new SplittableRandom(seed))
          .toString());
      case "json_object" -> Optional.of(json.createObjectNode().put("answer", text).toString());
      default -> Optional.empty();
    };
  }

  /** A value satisfying {@code schema} (types, properties, required, enum, items, anyOf/oneOf). */
  JsonNode sample(JsonNode schema, SplittableRandom random) {
    if (schema.has("enum") && schema.get("enum").isArray() && !schema.get("enum").isEmpty()) {
      return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
    }
    if (schema.has("const")) {
      return schema.get("const");
    }
    for (String choice : new String[] {"anyOf", "oneOf"}) {
      if (schema.path(choice).isArray() && !schema.path(choice).isEmpty()) {
        return sample(schema.path(choice).get(0), random);
      }
    }
    JsonNode typeNode = schema.path("type");
    String type = typeNode.isArray() ? typeNode.path(0).asText("string")
        : typeNode.asText(schema.has("properties") ? "object" : "string");
    return switch (type) {
      case "object" -> {
        ObjectNode object = json.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
          Map.Entry<String, JsonNode> p = properties.next();
          object.set(p.getKey(), sample(p.getValue(), random));
        }
        yield object;
      }
      case "array" -> {
        ArrayNode array = json.createArrayNode();
        int n = Math.max(1, schema.path("minItems").asInt(1));
        for (int i = 0; i < n; i++) {
          array.add(sample(schema.path("items"), random));
        }
        yield array;
      }
      case "integer" -> json.getNodeFactory().numberNode(random.nextInt(1, 100));
      case "number" -> json.getNodeFactory().numberNode(random.nextInt(1, 1000) / 10.0);
      case "boolean" -> json.getNodeFactory().booleanNode(random.nextBoolean());
      case "null" -> json.getNodeFactory().nullNode();
      default -> json.getNodeFactory().textNode(WORDS[random.nextInt(WORDS.length)]);
    };
  }
}
