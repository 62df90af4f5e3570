package dev.tollgate.collector.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The bundled price book of current OpenAI models ({@code default-price-book.json}): seeded
 * in dev mode when the price table is empty, and importable with
 * {@code POST /v1/admin/prices/import?source=default}.
 */
public final class DefaultPriceBook {

  static final String RESOURCE = "default-price-book.json";

  private DefaultPriceBook() {}

  public static List<PriceRequest> load(ObjectMapper json) {
    try (InputStream in = DefaultPriceBook.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      JsonNode root = json.readTree(in);
      String currency = root.path("currency").asText(RatingEngine.DEFAULT_CURRENCY);
      Instant from = Instant.parse(root.path("effective_from").asText());
      List<PriceRequest> out = new ArrayList<>();
      for (JsonNode model : root.path("models")) {
        Iterator<Map.Entry<String, JsonNode>> fields = model.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (!field.getKey().equals("model")) {
            out.add(new PriceRequest(model.path("model").asText(), field.getKey(),
                new BigDecimal(field.getValue().asText()), null, currency, from));
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }
}
