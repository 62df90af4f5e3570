package dev.tollgate.collector.apidoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The collector's OpenAPI 3.1 description, assembled from {@code openapi.yaml} and one part per
 * feature next to it (each with {@code paths} and {@code components}). A path or component
 * defined twice is an error, so two parts cannot silently overwrite each other.
 */
public final class ApiDescription {

  /** The feature parts, merged in this order. A new feature's routes go into a part listed here. */
  static final List<String> PARTS = List.of("credentials", "quota", "usage", "pricing", "admin", "reports", "alerts");

  private ApiDescription() {}

  /** The whole document. */
  public static ObjectNode load() {
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode root = (ObjectNode) read(yaml, "openapi");
    for (String part : PARTS) {
      JsonNode fragment = read(yaml, part);
      merge(root.withObject("/paths"), fragment.path("paths"), part + ": path ");
      Iterator<Map.Entry<String, JsonNode>> sections = fragment.path("components").fields();
      while (sections.hasNext()) {
        Map.Entry<String, JsonNode> section = sections.next();
        merge(root.withObject("/components").withObject("/" + section.getKey()), section.getValue(),
            part + ": components." + section.getKey() + ".");
      }
    }
    return root;
  }

  private static void merge(ObjectNode into, JsonNode from, String what) {
    from.fields().forEachRemaining(e -> {
      if (into.has(e.getKey())) {
        throw new IllegalStateException(what + e.getKey() + " is defined twice");
      }
      into.set(e.getKey(), e.getValue());
    });
  }

  private static JsonNode read(YAMLMapper yaml, String name) {
    try (InputStream in = ApiDescription.class.getResourceAsStream(name + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("API description part missing: " + name + ".yaml");
      }
      return yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
