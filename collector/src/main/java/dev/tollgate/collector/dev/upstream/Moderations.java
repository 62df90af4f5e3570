package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic moderation: low scores seeded by the input, except that an input containing one of a
 * few trigger words scores 0.9+ in that word's category and is flagged. OpenAI returns no usage here.
 */
final class Moderations {

  private static final List<String> CATEGORIES = List.of("harassment", "harassment/threatening", "hate",
      "hate/threatening", "illicit", "illicit/violent", "self-harm", "self-harm/instructions", "self-harm/intent",
      "sexual", "sexual/minors", "violence", "violence/graphic");
  private static final Map<String, String> TRIGGERS = Map.of(
      "kill", "violence", "attack", "violence", "hate", "hate", "idiot", "harassment", "stupid", "harassment",
      "bomb", "illicit/violent", "steal", "illicit");

  private final ObjectMapper json;

  Moderations(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode create(String model, JsonNode input) {
    ObjectNode body = json.createObjectNode();
    body.put("id", Ids.moderation());
    body.put("model", model);
    var results = body.putArray("results");
    for (String text : texts(input)) {
      results.add(result(model, text));
    }
    return body;
  }

  /** A string, an array of strings, or an array of multimodal parts (one result for all parts). */
  static List<String> texts(JsonNode input) {
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray() && !input.isEmpty() && input.get(0).isObject()) {
      StringBuilder joined = new StringBuilder();
      input.forEach(part -> joined.append(part.path("text").asText("")).append(' '));
      texts.add(joined.toString());
    } else if (input.isArray()) {
      input.forEach(item -> texts.add(item.asText()));
    }
    return texts;
  }

  private ObjectNode result(String model, String text) {
    SplittableRandom random = new SplittableRandom(Answers.seed("moderation", model, text));
    String lower = text.toLowerCase(Locale.ROOT);
    ObjectNode result = json.createObjectNode();
    ObjectNode categories = json.createObjectNode();
    ObjectNode scores = json.createObjectNode();
    ObjectNode inputTypes = json.createObjectNode();
    boolean flagged = false;
    for (String category : CATEGORIES) {
      boolean triggered = TRIGGERS.entrySet().stream()
          .anyMatch(t -> t.getValue().equals(category) && lower.contains(t.getKey()));
      double score = triggered ? 0.9 + random.nextDouble() * 0.09 : random.nextDouble() * 0.0001;
      categories.put(category, triggered);
      scores.put(category, score);
      var types = inputTypes.putArray(category);
      types.add("text");
      flagged |= triggered;
    }
    result.put("flagged", flagged);
    result.set("categories", categories);
    result.set("category_scores", scores);
    result.set("category_applied_input_types", inputTypes);
    return result;
  }
}
