package dev.tollgate.examples;

import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.embeddings.EmbeddingRequest;
import dev.tollgate.sdk.embeddings.EmbeddingResponse;
import java.util.List;

/** Embeddings for a few texts, and the cosine similarity of the first two. */
public final class Embeddings {

  private Embeddings() {}

  public static void main(String[] args) {
    try (Tollgate tollgate = Tollgate.fromEnvironment()) {
      EmbeddingResponse response = tollgate.embeddings().create(EmbeddingRequest.builder()
          .model("text-embedding-3-small")
          .input(List.of("invoice overdue", "payment is late", "the weather is nice"))
          .build());

      List<EmbeddingResponse.Embedding> vectors = response.data();
      System.out.println("vectors: " + vectors.size() + " of " + vectors.get(0).vector().length + " dimensions");
      System.out.printf("similarity(0, 1): %.3f%n", cosine(vectors.get(0).vector(), vectors.get(1).vector()));
      System.out.println("tokens: " + response.usage().promptTokens());
    }
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / (Math.sqrt(na) * Math.sqrt(nb));
  }
}
