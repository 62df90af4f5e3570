package dev.tollgate.collector.common.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates requests that must all be refused, from a seed: each starts from a valid body
 * and gets at least one change that makes it invalid under the spec (a wrong type, a value
 * out of bounds, text PostgreSQL cannot store, an unknown field in an admin body, a broken
 * encoding), or is malformed outright. Nothing generated here may be accepted, so whatever
 * the collector stores while answering these is a defect.
 */
public final class BadRequests {

  /** One HTTP request to send. */
  public record Request(String category, String method, String path, String contentType, byte[] body,
      String bearer) {}

  /** Placeholders replaced after serialising: Java strings cannot carry these through a UTF-8 encoder. */
  static final String LONE_SURROGATE = "@@LONE@@";
  static final String[] BAD_TEXT = {"nul\u0000inside", "bell\u0007", "esc\u001b[31m", "del\u007f",
      "half" + LONE_SURROGATE, "line\nbreak", "tab\tinside"};
  static final String[] BAD_NAMES = {"evil\u202egnp.exe", "zero\u200bwidth", "bom\ufeff", "isolate\u2066x"};

  private final Random random;
  private final ObjectMapper json = new ObjectMapper();
  private final Ids ids;

  /** Ids of real rows the generated requests refer to, so that they get past lookups. */
  public record Ids(String adminKey, String clientToken, String teamId, String clientRowId, String clientId,
      String productId, String sourceId, String subscriptionId, String providerKeyId, String leaseId) {}

  public BadRequests(long seed, Ids ids) {
    this.random = new Random(seed);
    this.ids = ids;
  }

  /** The next bad request; the mix is about 35% ingest, 25% admin, 10% token, 15% lease and settle, 15% reports. */
  public Request next() {
    int pick = random.nextInt(100);
    if (pick < 35) {
      return ingest();
    } else if (pick < 60) {
      return admin();
    } else if (pick < 70) {
      return token();
    } else if (pick < 85) {
      return lease();
    }
    return report();
  }

  // ---- ingest -------------------------------------------------------------------------------

  private Request ingest() {
    int shape = random.nextInt(10);
    if (shape < 7) {
      ArrayNode events = JsonNodeFactory.instance.arrayNode();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        events.add(badEvent());
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.set("events", events);
      return jsonRequest("ingest", "POST", "/v1/usage/events", body, ids.clientToken());
    }
    return malformed("ingest", "POST", "/v1/usage/events", ids.clientToken());
  }

  ObjectNode validEvent() {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("id", UUID.randomUUID().toString());
    e.put("timestamp", Instant.parse("2026-11-27T11:00:00Z").plusSeconds(random.nextInt(3000)).toString());
    e.put("endpoint", "/v1/chat/completions");
    e.put("method", "POST");
    e.put("request_model", "gpt-4o-mini");
    e.put("model", "gpt-4o-mini-2024-07-18");
    e.put("status_code", 200);
    e.put("latency_ms", 1 + random.nextInt(5000));
    e.put("streamed", random.nextBoolean());
    ObjectNode usage = e.putObject("usage");
    usage.put("prompt_tokens", 100 + random.nextInt(1000));
    usage.put("cached_prompt_tokens", random.nextInt(100));
    usage.put("completion_tokens", 10 + random.nextInt(500));
    usage.put("reasoning_tokens", random.nextInt(10));
    e.putObject("tags").put("feature", "fuzz");
    return e;
  }

  private ObjectNode badEvent() {
    ObjectNode e = validEvent();
    int changes = 1 + random.nextInt(3);
    for (int i = 0; i < changes; i++) {
      breakEvent(e);
    }
    return e;
  }

  private void breakEvent(ObjectNode e) {
    String[] required = {"id", "timestamp", "endpoint", "status_code", "latency_ms"};
    String[] texts = {"endpoint", "method", "request_model", "model", "trace_id", "end_user"};
    String[] counts = {"prompt_tokens", "cached_prompt_tokens", "cache_write_prompt_tokens", "audio_prompt_tokens",
        "completion_tokens", "reasoning_tokens", "audio_completion_tokens"};
    switch (random.nextInt(12)) {
      case 0 -> e.remove(pick(required));
      case 1 -> {
        String field = pick(required);
        e.set(field, field.endsWith("_ms") || field.equals("status_code") ? notANumber() : notAString());
      }
      case 2 -> e.put(pick(texts), pick(BAD_TEXT));
      case 3 -> e.put(pick(texts), "x".repeat(257 + random.nextInt(5000)));
      case 4 -> usage(e).set(pick(counts), outOfRangeCount());
      case 5 -> {
        usage(e).put("prompt_tokens", 10);
        usage(e).put("cached_prompt_tokens", 11 + random.nextInt(1000));
      }
      case 6 -> e.put("timestamp", pick(new String[] {"0001-01-01T00:00:00Z", "2019-12-31T23:59:59Z",
          "2999-01-01T00:00:00Z", "yesterday", "2026-13-45T00:00:00Z", "", "2026-11-27"}));
      case 7 -> e.set(pick(new String[] {"latency_ms", "time_to_first_token_ms", "status_code"}), outOfRangeMillis());
      case 8 -> {
        ObjectNode tags = e.putObject("tags");
        switch (random.nextInt(4)) {
          case 0 -> { for (int i = 0; i < 33 + random.nextInt(40); i++) { tags.put("k" + i, "v"); } }
          case 1 -> tags.put("feature", random.nextInt());
          case 2 -> tags.put(pick(BAD_TEXT), "v");
          default -> tags.put("k", pick(BAD_TEXT));
        }
      }
      case 9 -> e.putObject("error").put("message", "nul\u0000" + pick(new String[] {"", LONE_SURROGATE}));
      case 10 -> e.set(pick(new String[] {"id", "lease_id"}), JsonNodeFactory.instance.textNode(
          pick(new String[] {"not-a-uuid", "", "00000000-0000-0000-0000-00000000000g", "' OR 1=1 --"})));
      default -> e.set("usage", notAnObject());
    }
  }

  /** The event's usage object, made again if an earlier change replaced it (the change made now breaks it anyway). */
  private static ObjectNode usage(ObjectNode e) {
    return e.get("usage") instanceof ObjectNode usage ? usage : e.putObject("usage");
  }

  private JsonNode outOfRangeCount() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(6)) {
      case 0 -> f.numberNode(-1 - random.nextInt(1000));
      case 1 -> f.numberNode(1_000_000_001L + random.nextInt(1000));
      case 2 -> f.numberNode(Long.MAX_VALUE);
      case 3 -> f.numberNode(new java.math.BigInteger("99999999999999999999999999"));
      case 4 -> f.numberNode(1.5);
      default -> f.textNode("100");
    };
  }

  private JsonNode outOfRangeMillis() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(4)) {
      case 0 -> f.numberNode(-1);
      case 1 -> f.numberNode(86_400_001L + random.nextInt(1000));
      case 2 -> f.numberNode(2.5);
      default -> f.textNode("12");
    };
  }

  // ---- admin --------------------------------------------------------------------------------

  private Request admin() {
    int endpoint = random.nextInt(10);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    String method = "POST";
    String path;
    String nameField = "name";
    switch (endpoint) {
      case 0 -> {
        path = "/v1/admin/teams";
        body.put("name", "Fuzz team " + random.nextInt());
        body.put("description", "made by the fuzz suite");
      }
      case 1 -> {
        method = "PATCH";
        path = "/v1/admin/teams/" + ids.teamId();
        body.put("status", "active");
      }
      case 2 -> {
        path = "/v1/admin/teams/" + ids.teamId() + "/clients";
        body.put("name", "fuzz-app-" + random.nextInt());
      }
      case 3 -> {
        path = "/v1/admin/provider-keys";
        body.put("provider", "openai");
        body.put("name", "fuzz-key-" + random.nextInt());
        body.put("base_url", "https://api.openai.com/v1");
        body.put("api_key", "sk-fuzz-" + random.nextInt());
      }
      case 4 -> {
        path = "/v1/admin/api-keys";
        body.put("name", "fuzz-ops-" + random.nextInt());
        body.put("role", "finance");
      }
      case 5 -> {
        path = "/v1/admin/products";
        body.put("name", "Fuzz product " + random.nextInt());
        body.putArray("source_ids").add(ids.sourceId());
        body.put("markup_percent", 10);
      }
      case 6 -> {
        path = "/v1/admin/subscriptions";
        body.put("team_id", ids.teamId());
        body.put("product_id", ids.productId());
        ObjectNode quota = body.putArray("quotas").addObject();
        quota.put("unit", "cost");
        quota.put("period", "month");
        quota.put("limit", 100);
        quota.put("enforcement", "hard");
        nameField = null;
      }
      case 7 -> {
        method = "PUT";
        path = "/v1/admin/prices";
        ObjectNode price = body.putArray("prices").addObject();
        price.put("model", "fuzz-model-" + random.nextInt());
        price.put("element", "prompt_tokens");
        price.put("price", new java.math.BigDecimal("1.25"));
        nameField = null;
      }
      case 8 -> {
        path = "/v1/admin/alert-channels";
        body.put("type", "webhook");
        body.put("url", "https://hooks.example.com/fuzz/" + random.nextInt());
        body.putArray("types").add("quota_threshold");
        nameField = null;
      }
      default -> {
        path = "/v1/admin/sources";
        body.put("name", "fuzz_" + Integer.toHexString(random.nextInt()));
        body.put("path_regex", "^/v1/fuzz$");
        body.put("priority", 500);
      }
    }
    if (random.nextInt(10) == 0) {
      return malformed("admin", method, path, ids.adminKey());
    }
    breakAdmin(body, nameField);
    return jsonRequest("admin", method, path, body, ids.adminKey());
  }

  private void breakAdmin(ObjectNode body, String nameField) {
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    switch (random.nextInt(nameField == null ? 4 : 6)) {
      case 0 -> body.put(pick(new String[] {"enforcment", "descripton", "nmae", "is_admin", "team", "x"}), "x");
      case 1 -> {
        String field = pick(fields.toArray(String[]::new));
        body.set(field, body.get(field).isNumber() ? notANumber() : body.get(field).isTextual() ? notAString()
            : notAnObject());
      }
      case 2 -> {
        String field = pick(fields.toArray(String[]::new));
        JsonNode value = body.get(field);
        if (value.isTextual()) {
          body.put(field, pick(new String[] {"nul\u0000x", "half" + LONE_SURROGATE}));
        } else {
          body.put("unknown_" + field, 1);
        }
      }
      case 3 -> {
        JsonNode nested = body.has("quotas") ? body.get("quotas").get(0) : body.has("prices") ? body.get("prices").get(0)
            : null;
        if (nested instanceof ObjectNode o) {
          switch (random.nextInt(4)) {
            case 0 -> o.put("enforcment", "soft");
            case 1 -> o.put(o.has("limit") ? "limit" : "price", pick(new String[] {"-5", "1e40", "1e-40", "lots", ""}));
            case 2 -> o.put(o.has("unit") ? "unit" : "element", pick(new String[] {"dollars", "", "PROMPT"}));
            default -> o.set(o.has("period") ? "period" : "model", notAString());
          }
        } else {
          body.put("unexpected", true);
        }
      }
      case 4 -> body.put(nameField, pick(BAD_NAMES) + pick(new String[] {"", "\u0000"}));
      default -> body.put(nameField, pick(new String[] {"", "   ", "x".repeat(201), "bell\u0007"}));
    }
  }

  // ---- token, lease, settle -----------------------------------------------------------------

  private Request token() {
    if (random.nextBoolean()) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("grant_type", "client_credentials");
      body.put("client_id", random.nextBoolean() ? ids.clientId() : "tg_fuzz" + random.nextInt(1000));
      body.put("client_secret", "tgs_wrong_" + random.nextInt());
      switch (random.nextInt(5)) {
        case 0 -> body.put("grant_type", pick(new String[] {"password", "", "authorization_code"}));
        case 1 -> body.set("client_id", notAString());
        case 2 -> body.put("client_id", pick(new String[] {"tg_\u0000", "x".repeat(300), "tg_" + LONE_SURROGATE}));
        case 3 -> body.remove("client_secret");
        default -> { } // a wrong secret: 401 or 429
      }
      return jsonRequest("token", "POST", "/v1/auth/token", body, null);
    }
    if (random.nextBoolean()) {
      String form = pick(new String[] {"grant_type=client_credentials&client_id=%00&client_secret=x",
          "grant_type=client_credentials&client_id=tg_x&client_secret=%ff%fe", "client_id=&client_secret=",
          "grant_type=client_credentials&client_id=" + ids.clientId() + "&client_secret=wrong" + random.nextInt(),
          "%%%", "grant_type=implicit&client_id=a&client_secret=b"});
      return new Request("token", "POST", "/v1/auth/token", "application/x-www-form-urlencoded",
          form.getBytes(StandardCharsets.UTF_8), null);
    }
    return malformed("token", "POST", "/v1/auth/token", null);
  }

  private Request lease() {
    if (random.nextInt(4) == 0) {
      String lease = pick(new String[] {ids.leaseId(), UUID.randomUUID().toString(), "not-a-uuid", "%00"});
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ObjectNode used = body.putObject("used");
      used.set(pick(new String[] {"cost", "tokens", "requests"}), pick(new JsonNode[] {
          JsonNodeFactory.instance.textNode("lots"), JsonNodeFactory.instance.numberNode(new java.math.BigDecimal("1e40")),
          JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.booleanNode(true)}));
      return jsonRequest("settle", "POST", "/v1/quota/lease/" + lease + "/settle", body, ids.clientToken());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", "gpt-4o-mini");
    body.put("endpoint", "/v1/chat/completions");
    ObjectNode estimate = body.putObject("estimate");
    estimate.put("tokens", 100);
    switch (random.nextInt(7)) {
      case 0 -> estimate.put(pick(new String[] {"cost", "tokens", "requests"}), -1 - random.nextInt(100));
      case 1 -> estimate.put(pick(new String[] {"cost", "tokens", "requests"}), pick(new String[] {"lots", "", "1e99"}));
      case 2 -> body.put("model", pick(new String[] {"gpt\u0000", "gpt\u0007", "x".repeat(300), "m" + LONE_SURROGATE}));
      case 3 -> body.put("endpoint", pick(new String[] {"/v1/\u0000", "x".repeat(300), "/v1/\u001b"}));
      case 4 -> body.put("source", "no-such-source-" + random.nextInt(100));
      case 5 -> body.set("estimate", notAnObject());
      default -> {
        return malformed("lease", "POST", "/v1/quota/lease", ids.clientToken());
      }
    }
    return jsonRequest("lease", "POST", "/v1/quota/lease", body, ids.clientToken());
  }

  // ---- reports ------------------------------------------------------------------------------

  private Request report() {
    String[] reports = {"transactions", "usage", "performance", "chargeback", "transactions/" + UUID.randomUUID()};
    String report = pick(reports);
    String base = report.equals("chargeback") ? "month=2026-11" : "from=2026-11-01&to=2026-12-01";
    String bad = switch (random.nextInt(12)) {
      case 0 -> "&model=gpt%00x";
      case 1 -> "&team_id=" + pick(new String[] {"not-a-uuid", "%00", ""}) + "x";
      case 2 -> "&from=yesterday";
      case 3 -> "&to=2026-13-45";
      case 4 -> "&group_by=" + pick(new String[] {"planet", "tag:", "day,planet", "tag:%00"});
      case 5 -> "&limit=" + pick(new String[] {"0", "-1", "100000", "ten", "1.5"});
      case 6 -> "&cursor=" + pick(new String[] {"bm9wZQ", "%ff%fe", "not%20a%20cursor"});
      case 7 -> "&format=" + pick(new String[] {"xml", "pdf", "csv%00"});
      case 8 -> "&unknown_param=1";
      case 9 -> "&status=" + pick(new String[] {"maybe", "%07"});
      case 10 -> "&model=%ed%a0%80";
      default -> "&month=" + pick(new String[] {"2026-13", "26-11", "%00"});
    };
    String query = report.startsWith("transactions/") ? bad.substring(1) : base + bad;
    if (report.equals("chargeback") && bad.startsWith("&from")) {
      query = base + "&from=1";
    }
    String bearer = random.nextBoolean() ? ids.adminKey() : ids.clientToken();
    return new Request("report", "GET", "/v1/reports/" + report + "?" + query, null, null, bearer);
  }

  // ---- shared -------------------------------------------------------------------------------

  private Request malformed(String category, String method, String path, String bearer) {
    byte[] body;
    String type = "application/json";
    switch (random.nextInt(8)) {
      case 0 -> body = "{\"events\": [".getBytes(StandardCharsets.UTF_8);
      case 1 -> {
        body = new byte[1 + random.nextInt(200)];
        random.nextBytes(body);
      }
      case 2 -> body = "[".repeat(2000).getBytes(StandardCharsets.UTF_8);
      case 3 -> body = new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
      case 4 -> {
        body = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        type = pick(new String[] {"text/plain", "application/xml", "multipart/form-data; boundary=x"});
      }
      case 5 -> body = "{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8);
      case 6 -> body = new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
      default -> body = "{\"events\":[],}".getBytes(StandardCharsets.UTF_8);
    }
    return new Request(category, method, path, type, body, bearer);
  }

  /** A value no number field accepts. */
  private JsonNode notANumber() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(5)) {
      case 0 -> f.textNode("twelve");
      case 1 -> f.booleanNode(true);
      case 2 -> f.arrayNode().add(1);
      case 3 -> f.objectNode().put("nested", 1);
      default -> f.textNode("");
    };
  }

  /** A value no text (or UUID, or enum) field accepts. */
  private JsonNode notAString() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(5)) {
      case 0 -> f.numberNode(1.5);
      case 1 -> f.booleanNode(false);
      case 2 -> f.arrayNode().add("a");
      case 3 -> f.objectNode().put("nested", 1);
      default -> f.numberNode(42);
    };
  }

  /** A value no object (or list) field accepts. */
  private JsonNode notAnObject() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(4)) {
      case 0 -> f.numberNode(1.5);
      case 1 -> f.booleanNode(true);
      case 2 -> f.textNode("x");
      default -> f.numberNode(7);
    };
  }

  private Request jsonRequest(String category, String method, String path, JsonNode body, String bearer) {
    try {
      String text = json.writeValueAsString(body).replace(LONE_SURROGATE, "\\ud800");
      return new Request(category, method, path, "application/json", text.getBytes(StandardCharsets.UTF_8), bearer);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> T pick(T[] options) {
    return options[random.nextInt(options.length)];
  }
}
