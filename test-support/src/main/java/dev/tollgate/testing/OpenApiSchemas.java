package dev.tollgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The schemas of OpenAI's own OpenAPI document (fixtures/openai/openapi.yaml), for validating what
 * the SDK sends and what the simulated upstream answers. {@code $ref}s resolve against the whole
 * document.
 *
 * <p>One rewrite, and why: the document says {@code openapi: 3.1.0} but still marks some fields
 * with OpenAPI 3.0's {@code nullable: true} (e.g. a chat chunk's {@code finish_reason},
 * {@code logprobs} and {@code usage}), which JSON Schema 2020-12 ignores; a 3.1 validator would then
 * reject the {@code null} those fields carry in every real stream. Each such schema {@code S} is read
 * as {@code anyOf: [S, {type: null}]}, what its authors meant. Nothing else is changed.
 *
 * <p>The schemas are read as plain JSON Schema 2020-12, not with the validator's OpenAPI 3.1
 * dialect: that dialect resolves a {@code discriminator} without {@code mapping} by schema name
 * (OpenAPI's implicit mapping), so {@code "type": "message"} finds no schema named {@code message}
 * and every Responses output item fails. The document's {@code oneOf}s stay strict without it:
 * each branch pins {@code type} with an enum, so exactly one branch must match.
 */
public final class OpenApiSchemas {

  private static final String DOCUMENT = "https://tollgate.test/openai/openapi.json";

  private final SchemaRegistry registry;

  private OpenApiSchemas(SchemaRegistry registry) {
    this.registry = registry;
  }

  /**
   * Loads the document from the folder the build names in {@code tollgate.fixtures}, with Jackson 2
   * YAML (SnakeYAML); the validator's own Jackson 3 YAML parser rejects a block scalar of this
   * document that SnakeYAML and PyYAML accept. Parsing takes a moment: load once per test class.
   */
  public static OpenApiSchemas load() {
    Path file = Path.of(System.getProperty("tollgate.fixtures", "../fixtures/openai"), "openapi.yaml");
    String json;
    try {
      JsonNode document = nullableAsAnyOf(new YAMLMapper().readTree(file.toFile()));
      json = new ObjectMapper().writeValueAsString(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new OpenApiSchemas(SchemaRegistry.withDefaultDialect(Dialects.getDraft202012(),
        builder -> builder.schemas(Map.of(DOCUMENT, json))));
  }

  /** The component schema {@code name}, e.g. {@code CreateChatCompletionRequest}. */
  public Schema schema(String name) {
    return registry.getSchema(SchemaLocation.of(DOCUMENT + "#/components/schemas/" + name));
  }

  /** The messages of the errors validating {@code json} against {@code components.schemas.<name>}. */
  public List<String> errors(String name, String json) {
    return schema(name).validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  static JsonNode nullableAsAnyOf(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      object.fields().forEachRemaining(entry -> copy.set(entry.getKey(), nullableAsAnyOf(entry.getValue())));
      JsonNode nullable = copy.remove("nullable");
      if (nullable != null && nullable.asBoolean()) {
        ObjectNode either = JsonNodeFactory.instance.objectNode();
        ArrayNode anyOf = either.putArray("anyOf");
        anyOf.add(copy);
        anyOf.addObject().put("type", "null");
        return either;
      }
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      array.forEach(item -> copy.add(nullableAsAnyOf(item)));
      return copy;
    }
    return node;
  }
}
