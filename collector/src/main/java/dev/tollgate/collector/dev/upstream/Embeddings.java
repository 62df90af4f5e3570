package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic embeddings: each input's vector is drawn from a Gaussian seeded by the model and the
 * input, and normalised to length 1 as OpenAI's are. {@code dimensions} shortens that vector;
 * {@code encoding_format: base64} packs little-endian float32s as OpenAI does.
 */
final class Embeddings {

  private final ObjectMapper json;
  private final TokenCounter tokens;

  Embeddings(ObjectMapper json, TokenCounter tokens) {
    this.json = json;
    this.tokens = tokens;
  }

  /** The inputs as texts (token arrays are kept as their JSON), or an error for a malformed {@code input}. */
  static List<String> inputs(JsonNode input) {
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
      texts.add(input.toString());
    } else if (input.isArray()) {
      for (JsonNode item : input) {
        texts.add(item.isTextual() ? item.asText() : item.toString());
      }
    }
    return texts;
  }

  ObjectNode create(String model, JsonNode input, int dimensions, boolean base64) {
    ObjectNode body = json.createObjectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    int promptTokens = 0;
    List<String> texts = inputs(input);
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      JsonNode raw = input.isArray() && !input.get(0).isNumber() ? input.get(i) : input;
      promptTokens += raw.isArray() ? raw.size() : tokens.count(model, text);
      float[] vector = vector(model, text, dimensions);
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
          bytes.putFloat(value);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float value : vector) {
          values.add(value);
        }
      }
    }
    body.put("model", model);
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("total_tokens", promptTokens);
    return body;
  }

  /**
   * The model's full-width vector for {@code text}, shortened to {@code dimensions} and normalised
   * again: what OpenAI documents {@code dimensions} to do for the text-embedding-3 models.
   */
  static float[] vector(String model, String text, int dimensions) {
    SplittableRandom random = new SplittableRandom(Answers.seed("embedding", model, text));
    double[] raw = new double[dimensions];
    double norm = 0;
    int width = Math.max(dimensions, ModelCatalog.defaultDimensions(model));
    for (int i = 0; i < width; i++) {
      double value = gaussian(random);
      if (i < dimensions) {
        raw[i] = value;
        norm += value * value;
      }
    }
    norm = Math.sqrt(norm);
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (raw[i] / norm);
    }
    return vector;
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
