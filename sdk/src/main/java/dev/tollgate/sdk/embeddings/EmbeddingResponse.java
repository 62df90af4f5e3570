package dev.tollgate.sdk.embeddings;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.tollgate.sdk.internal.json.Extras;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /embeddings}.
 *
 * @param object {@code list}
 * @param data one embedding per input, in input order (null if absent)
 * @param model the model used
 * @param usage the token usage
 * @param additionalProperties fields this type does not name
 */
public record EmbeddingResponse(
    String object,
    List<Embedding> data,
    String model,
    Usage usage,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

  /** Normalises lists and the unknown-field map to unmodifiable copies. */
  public EmbeddingResponse {
    data = Extras.copyOrNull(data);
    additionalProperties = Extras.copy(additionalProperties);
  }

  /**
   * One embedding.
   *
   * @param object {@code embedding}
   * @param index the position of its input
   * @param embedding a list of numbers, or a base64 string when {@code base64} was asked for
   * @param additionalProperties fields this type does not name
   */
  public record Embedding(
      String object,
      Integer index,
      Object embedding,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the unknown-field map to an unmodifiable copy. */
    public Embedding {
      additionalProperties = Extras.copy(additionalProperties);
    }

    /** The vector as floats; throws {@link IllegalStateException} for a base64 embedding. */
    public float[] vector() {
      if (!(embedding instanceof List<?> list)) {
        throw new IllegalStateException("embedding is not a list of numbers");
      }
      float[] v = new float[list.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = ((Number) list.get(i)).floatValue();
      }
      return v;
    }
  }

  /**
   * Token usage of an embeddings call.
   *
   * @param promptTokens tokens in the inputs
   * @param totalTokens the same, as the API reports it
   * @param additionalProperties fields this type does not name
   */
  public record Usage(
      Long promptTokens,
      Long totalTokens,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> additionalProperties) {

    /** Normalises the unknown-field map to an unmodifiable copy. */
    public Usage {
      additionalProperties = Extras.copy(additionalProperties);
    }
  }
}
