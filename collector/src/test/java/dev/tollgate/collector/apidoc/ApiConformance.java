package dev.tollgate.collector.apidoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks one HTTP exchange against the collector's OpenAPI description: the status must be
 * described for the operation, the content type must be one the response lists, and a JSON body
 * must validate against its schema (JSON Schema 2020-12, OpenAPI 3.1's dialect, with
 * {@code format} asserted). Operations the description lacks are left to {@link OpenApiIT},
 * which names every undescribed route.
 */
public final class ApiConformance {

  /** One response as the server sent it. {@code body} is null when there was none. */
  public record Exchange(String method, String template, int status, String contentType, byte[] body) {

    String name() {
      return method + " " + template + " " + status;
    }
  }

  private static final String DOCUMENT = "https://tollgate.test/openapi.json";
  private static final ApiConformance INSTANCE = new ApiConformance(ApiDescription.load());

  private final JsonNode document;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  ApiConformance(JsonNode document) {
    this.document = document;
    String text = document.toString();
    this.registry = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012(), builder -> builder
        .schemas(Map.of(DOCUMENT, text))
        .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
  }

  /** The checker of the description the collector serves. */
  public static ApiConformance shared() {
    return INSTANCE;
  }

  /** What is wrong with {@code exchange}; empty when it conforms or its operation is not described. */
  public List<String> check(Exchange exchange) {
    JsonNode operation = document.path("paths").path(exchange.template())
        .path(exchange.method().toLowerCase(Locale.ROOT));
    if (operation.isMissingNode()) {
      return List.of();
    }
    JsonNode responses = operation.path("responses");
    String status = Integer.toString(exchange.status());
    JsonNode response = responses.has(status) ? responses.get(status) : responses.path(status.charAt(0) + "XX");
    if (response.isMissingNode()) {
      response = responses.path("default");
    }
    if (response.isMissingNode()) {
      return List.of(exchange.name() + ": status " + status + " is not described");
    }
    response = resolve(response);
    JsonNode content = response.path("content");
    boolean hasBody = exchange.body() != null && exchange.body().length > 0;
    if (!hasBody) {
      return content.isEmpty() || exchange.method().equals("HEAD") ? List.of()
          : List.of(exchange.name() + ": no body, but the description gives " + names(content));
    }
    Optional<String> mediaType = mediaType(content, exchange.contentType());
    if (mediaType.isEmpty()) {
      return List.of(exchange.name() + ": content type " + exchange.contentType() + " is not one of "
          + names(content));
    }
    if (!isJson(mediaType.get())) {
      return List.of();
    }
    String pointer = "/paths/" + escape(exchange.template()) + "/" + exchange.method().toLowerCase(Locale.ROOT)
        + "/responses/" + status + "/content/" + escape(mediaType.get()) + "/schema";
    Schema schema = schemas.computeIfAbsent(pointer, p -> schema(content.get(mediaType.get()).path("schema"), p));
    List<String> errors = new ArrayList<>();
    for (Error e : schema.validate(new String(exchange.body(), StandardCharsets.UTF_8), InputFormat.JSON)) {
      errors.add(exchange.name() + ": " + e);
    }
    return errors;
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : resolve(document.at(ref.asText().substring(1)));
  }

  private static Optional<String> mediaType(JsonNode content, String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String bare = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return names(content).stream().filter(bare::equals).findFirst();
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  /** A schema for an inline node: its local {@code $ref}s point into the whole document. */
  private Schema schema(JsonNode node, String pointer) {
    JsonNode absolute = absoluteRefs(node.deepCopy());
    return registry.getSchema(SchemaLocation.of("urn:tollgate:response:" + Integer.toHexString(pointer.hashCode())),
        absolute.toString(), InputFormat.JSON);
  }

  private static JsonNode absoluteRefs(JsonNode node) {
    if (node instanceof ObjectNode object) {
      JsonNode ref = object.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
        object.set("$ref", TextNode.valueOf(DOCUMENT + ref.asText()));
      }
      object.forEach(ApiConformance::absoluteRefs);
    } else if (node.isArray()) {
      node.forEach(ApiConformance::absoluteRefs);
    }
    return node;
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
