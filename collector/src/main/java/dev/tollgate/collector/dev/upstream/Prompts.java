package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.JsonNode;

/** Lays out the prompt of a chat completion or a Responses request as tokens. */
final class Prompts {

  private Prompts() {}

  /** {@code messages} (each with role, content, optional name and tool calls) and any tool definitions. */
  static TokenCounter.Prompt chat(TokenCounter tokens, String model, JsonNode request) {
    TokenCounter.Prompt prompt = tokens.prompt(model);
    for (JsonNode message : request.path("messages")) {
      String name = message.path("name").isTextual() ? message.path("name").asText() : null;
      prompt.message(message.path("role").asText("user"), message.get("content"), name);
      prompt.content(message.get("tool_calls"));
      prompt.content(message.get("function_call"));
    }
    prompt.content(request.get("tools"));
    prompt.content(request.get("functions"));
    prompt.content(request.get("response_format"));
    return prompt.primeReply();
  }

  /**
   * {@code instructions} as a system message, then {@code input}: a string (one user message) or
   * items (messages with string or part contents, function call outputs, ...), and tool definitions.
   */
  static TokenCounter.Prompt responses(TokenCounter tokens, String model, JsonNode request) {
    TokenCounter.Prompt prompt = tokens.prompt(model);
    if (request.path("instructions").isTextual()) {
      prompt.message("system", request.get("instructions"), null);
    }
    JsonNode input = request.path("input");
    if (input.isTextual()) {
      prompt.message("user", input, null);
    } else {
      for (JsonNode item : input) {
        if (item.has("role")) {
          prompt.message(item.path("role").asText(), item.get("content"), null);
        } else if (item.has("output")) {
          prompt.message("tool", item.get("output"), null);
        } else {
          prompt.message("user", item, null);
        }
      }
    }
    prompt.content(request.get("tools"));
    prompt.content(request.path("text").get("format"));
    return prompt.primeReply();
  }

  /** The request's output token limit among {@code fields}, the first present one winning; null if none. */
  static Integer limit(JsonNode request, String... fields) {
    for (String field : fields) {
      JsonNode value = request.get(field);
      if (value != null && value.canConvertToInt()) {
        return value.asInt();
      }
    }
    return null;
  }
}
