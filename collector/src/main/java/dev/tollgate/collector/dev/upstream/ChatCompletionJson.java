package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Writes a {@link Completion} as a chat completion object, or as the chunks of its stream. */
final class ChatCompletionJson {

  private final ObjectMapper json;

  ChatCompletionJson(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode completion(Completion completion, String id, long created, String serviceTier) {
    ObjectNode body = header(id, "chat.completion", completion.model(), created);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (completion.toolCall() != null) {
      message.putNull("content");
      ObjectNode call = message.putArray("tool_calls").addObject();
      call.put("id", toolCallId(completion));
      call.put("type", "function");
      call.putObject("function").put("name", completion.toolCall().name()).put("arguments", completion.text());
    } else {
      message.put("content", completion.text());
    }
    message.putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason(completion));
    body.set("usage", usage(completion));
    body.put("service_tier", serviceTier);
    body.put("system_fingerprint", Ids.systemFingerprint(completion.model()));
    return body;
  }

  /**
   * The stream's chunks: the role, one per text delta, the finish reason and, with
   * {@code includeUsage}, a last chunk with no choices and the usage (every other chunk then
   * carries {@code "usage": null}, as OpenAI's do).
   */
  List<ObjectNode> chunks(Completion completion, String id, long created, boolean includeUsage,
      String serviceTier) {
    List<ObjectNode> chunks = new ArrayList<>();
    ObjectNode first = chunk(completion, id, created, includeUsage, serviceTier);
    ObjectNode role = delta(first);
    role.put("role", "assistant");
    if (completion.toolCall() != null) {
      role.putNull("content");
      ObjectNode call = role.putArray("tool_calls").addObject();
      call.put("index", 0);
      call.put("id", toolCallId(completion));
      call.put("type", "function");
      call.putObject("function").put("name", completion.toolCall().name()).put("arguments", "");
    } else {
      role.put("content", "");
    }
    role.putNull("refusal");
    chunks.add(first);
    for (String text : completion.chunks()) {
      ObjectNode chunk = chunk(completion, id, created, includeUsage, serviceTier);
      if (completion.toolCall() != null) {
        ObjectNode call = delta(chunk).putArray("tool_calls").addObject();
        call.put("index", 0);
        call.putObject("function").put("arguments", text);
      } else {
        delta(chunk).put("content", text);
      }
      chunks.add(chunk);
    }
    ObjectNode last = chunk(completion, id, created, includeUsage, serviceTier);
    delta(last);
    ((ObjectNode) last.path("choices").get(0)).put("finish_reason", finishReason(completion));
    chunks.add(last);
    if (includeUsage) {
      ObjectNode usage = chunk(completion, id, created, true, serviceTier);
      usage.putArray("choices");
      usage.set("usage", usage(completion));
      chunks.add(usage);
    }
    return chunks;
  }

  private ObjectNode chunk(Completion completion, String id, long created, boolean withUsage, String serviceTier) {
    ObjectNode chunk = header(id, "chat.completion.chunk", completion.model(), created);
    chunk.put("service_tier", serviceTier);
    chunk.put("system_fingerprint", Ids.systemFingerprint(completion.model()));
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("delta");
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    if (withUsage) {
      chunk.putNull("usage");
    }
    return chunk;
  }

  private static ObjectNode delta(ObjectNode chunk) {
    return (ObjectNode) chunk.path("choices").get(0).path("delta");
  }

  private ObjectNode header(String id, String object, String model, long created) {
    ObjectNode body = json.createObjectNode();
    body.put("id", id);
    body.put("object", object);
    body.put("created", created);
    body.put("model", model);
    return body;
  }

  private static String finishReason(Completion completion) {
    if (completion.toolCall() != null) {
      return "tool_calls";
    }
    return completion.truncated() ? "length" : "stop";
  }

  /** A stable id per answer, as {@code call_...}. */
  private static String toolCallId(Completion completion) {
    return "call_" + Long.toHexString(completion.seed() & 0xffffffffffffL);
  }

  ObjectNode usage(Completion completion) {
    ObjectNode usage = json.createObjectNode();
    usage.put("prompt_tokens", completion.promptTokens());
    usage.put("completion_tokens", completion.outputTokens());
    usage.put("total_tokens", completion.totalTokens());
    ObjectNode prompt = usage.putObject("prompt_tokens_details");
    prompt.put("cached_tokens", completion.cachedTokens());
    prompt.put("audio_tokens", 0);
    prompt.put("cache_write_tokens", 0);
    ObjectNode output = usage.putObject("completion_tokens_details");
    output.put("reasoning_tokens", completion.reasoningTokens());
    output.put("audio_tokens", 0);
    output.put("accepted_prediction_tokens", 0);
    output.put("rejected_prediction_tokens", 0);
    return usage;
  }
}
