package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Writes a {@link Completion} as a Responses API response object, or as the named events of its stream. */
final class ResponseJson {

  /** A named server-sent event. */
  record Event(String name, ObjectNode data) {}

  /** What the response echoes of its request, and the ids it was given. */
  record Context(String id, String messageId, String reasoningId, long createdAt, JsonNode request) {}

  private final ObjectMapper json;

  ResponseJson(ObjectMapper json) {
    this.json = json;
  }

  /** The finished response object, as {@code POST /responses} returns it. */
  ObjectNode response(Completion completion, Context context) {
    ObjectNode response = skeleton(completion, context, completion.truncated() ? "incomplete" : "completed");
    if (completion.truncated()) {
      response.putObject("incomplete_details").put("reason", "max_output_tokens");
    }
    ArrayNode output = response.putArray("output");
    if (completion.reasoningTokens() > 0) {
      output.add(reasoningItem(context));
    }
    output.add(message(completion.text(), context, completion.truncated() ? "incomplete" : "completed"));
    response.set("usage", usage(completion));
    return response;
  }

  /**
   * The stream: {@code response.created}, {@code response.in_progress}, the output item and content
   * part being added, one {@code response.output_text.delta} per chunk, the matching done events, and
   * {@code response.completed} (or {@code response.incomplete}) carrying the usage.
   */
  List<Event> events(Completion completion, Context context) {
    List<Event> events = new ArrayList<>();
    ObjectNode inProgress = skeleton(completion, context, "in_progress");
    inProgress.putArray("output");
    inProgress.putNull("usage");
    events.add(event(events, "response.created", e -> e.set("response", inProgress)));
    events.add(event(events, "response.in_progress", e -> e.set("response", inProgress.deepCopy())));
    int outputIndex = 0;
    if (completion.reasoningTokens() > 0) {
      ObjectNode reasoning = reasoningItem(context);
      events.add(event(events, "response.output_item.added", e -> {
        e.put("output_index", 0);
        e.set("item", reasoning);
      }));
      events.add(event(events, "response.output_item.done", e -> {
        e.put("output_index", 0);
        e.set("item", reasoning);
      }));
      outputIndex = 1;
    }
    int index = outputIndex;
    ObjectNode added = message("", context, "in_progress");
    added.putArray("content");
    events.add(event(events, "response.output_item.added", e -> {
      e.put("output_index", index);
      e.set("item", added);
    }));
    events.add(event(events, "response.content_part.added", e -> {
      part(e, context, index);
      e.set("part", outputText(""));
    }));
    for (String delta : completion.chunks()) {
      events.add(event(events, "response.output_text.delta", e -> {
        part(e, context, index);
        e.put("delta", delta);
        e.putArray("logprobs");
      }));
    }
    events.add(event(events, "response.output_text.done", e -> {
      part(e, context, index);
      e.put("text", completion.text());
      e.putArray("logprobs");
    }));
    events.add(event(events, "response.content_part.done", e -> {
      part(e, context, index);
      e.set("part", outputText(completion.text()));
    }));
    String status = completion.truncated() ? "incomplete" : "completed";
    events.add(event(events, "response.output_item.done", e -> {
      e.put("output_index", index);
      e.set("item", message(completion.text(), context, status));
    }));
    ObjectNode finished = response(completion, context);
    events.add(event(events, "response." + status, e -> e.set("response", finished)));
    return events;
  }

  private Event event(List<Event> before, String type, java.util.function.Consumer<ObjectNode> fill) {
    ObjectNode data = json.createObjectNode();
    data.put("type", type);
    data.put("sequence_number", before.size());
    fill.accept(data);
    return new Event(type, data);
  }

  private static void part(ObjectNode event, Context context, int outputIndex) {
    event.put("item_id", context.messageId());
    event.put("output_index", outputIndex);
    event.put("content_index", 0);
  }

  private ObjectNode skeleton(Completion completion, Context context, String status) {
    JsonNode request = context.request();
    ObjectNode response = json.createObjectNode();
    response.put("id", context.id());
    response.put("object", "response");
    response.put("created_at", context.createdAt());
    response.put("status", status);
    response.put("background", false);
    response.putNull("error");
    response.putNull("incomplete_details");
    echo(response, request, "instructions");
    echo(response, request, "max_output_tokens");
    response.put("model", completion.model());
    response.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
    echo(response, request, "previous_response_id");
    if (ModelCatalog.reasons(completion.model())) {
      ObjectNode reasoning = response.putObject("reasoning");
      reasoning.put("effort", request.path("reasoning").path("effort").asText("medium"));
      reasoning.putNull("summary");
    } else {
      response.putNull("reasoning");
    }
    response.put("service_tier", ServiceTiers.answered(request));
    response.put("store", request.path("store").asBoolean(true));
    response.put("temperature", request.path("temperature").asDouble(1.0));
    ObjectNode text = response.putObject("text");
    text.putObject("format").put("type", "text");
    text.put("verbosity", "medium");
    response.put("tool_choice", "auto");
    response.set("tools", request.path("tools").isArray() ? request.path("tools").deepCopy() : json.createArrayNode());
    response.put("top_p", request.path("top_p").asDouble(1.0));
    response.put("truncation", "disabled");
    if (request.path("user").isTextual()) {
      response.put("user", request.path("user").asText());
    }
    response.set("metadata", request.path("metadata").isObject() ? request.path("metadata").deepCopy()
        : json.createObjectNode());
    return response;
  }

  private static void echo(ObjectNode response, JsonNode request, String field) {
    JsonNode value = request.get(field);
    response.set(field, value == null ? response.nullNode() : value.deepCopy());
  }

  private ObjectNode reasoningItem(Context context) {
    ObjectNode item = json.createObjectNode();
    item.put("id", context.reasoningId());
    item.put("type", "reasoning");
    item.putArray("summary");
    return item;
  }

  private ObjectNode message(String text, Context context, String status) {
    ObjectNode item = json.createObjectNode();
    item.put("id", context.messageId());
    item.put("type", "message");
    item.put("status", status);
    item.put("role", "assistant");
    item.putArray("content").add(outputText(text));
    return item;
  }

  private ObjectNode outputText(String text) {
    ObjectNode part = json.createObjectNode();
    part.put("type", "output_text");
    part.putArray("annotations");
    part.putArray("logprobs");
    part.put("text", text);
    return part;
  }

  ObjectNode usage(Completion completion) {
    ObjectNode usage = json.createObjectNode();
    usage.put("input_tokens", completion.promptTokens());
    ObjectNode input = usage.putObject("input_tokens_details");
    input.put("cached_tokens", completion.cachedTokens());
    input.put("cache_write_tokens", 0);
    usage.put("output_tokens", completion.outputTokens());
    usage.putObject("output_tokens_details").put("reasoning_tokens", completion.reasoningTokens());
    usage.put("total_tokens", completion.totalTokens());
    return usage;
  }
}
