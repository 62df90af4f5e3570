package dev.tollgate.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's OpenAPI 3.1 description as a JSON Schema 2020-12 document: component schemas
 * are addressed by JSON pointer and their {@code $ref}s resolve within the same document.
 */
final class OpenApiSchemas {

  private static final String IRI = "https://openai.test/openapi.json";
  private static SchemaRegistry registry;

  private OpenApiSchemas() {}

  private static synchronized SchemaRegistry registry() {
    if (registry == null) {
      try {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(Fixtures.dir().resolve("openapi.yaml").toFile());
        String json = new ObjectMapper().writeValueAsString(doc);
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(Map.of(IRI, json)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return registry;
  }

  /** The component schema {@code name}, e.g. {@code CreateChatCompletionRequest}. */
  static Schema component(String name) {
    return registry().getSchema(SchemaLocation.of(IRI + "#/components/schemas/" + name));
  }

  /** The validation errors of {@code json} against component {@code name}. */
  static List<Error> validate(String name, String json) {
    return component(name).validate(json, InputFormat.JSON);
  }
}
