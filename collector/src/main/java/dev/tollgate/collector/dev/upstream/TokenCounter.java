package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * Counts tokens with the model's real tokenizer, and lays a chat prompt out as the token
 * sequence OpenAI bills: per message 3 tokens of framing plus the role, the content and, if
 * present, the name (+1); 3 more tokens prime the reply (OpenAI cookbook, "How to count tokens
 * with tiktoken"). An image part counts as 85 tokens (OpenAI's low-detail figure), a tool call as
 * the tokens of its name and arguments, a tool definition as the tokens of its JSON.
 */
final class TokenCounter {

  static final int PER_MESSAGE = 3;
  static final int REPLY_PRIMING = 3;
  static final int PER_NAME = 1;
  static final int PER_IMAGE = 85;

  /** Stand-ins for the framing tokens; their values only matter to the prompt cache. */
  private static final int FRAME = 200_264;
  private static final int IMAGE = 200_265;

  private final Encoding o200k;
  private final Encoding cl100k;

  TokenCounter() {
    EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
    this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
  }

  Encoding encodingFor(String model) {
    return ModelCatalog.usesO200k(model) ? o200k : cl100k;
  }

  int count(String model, String text) {
    return encodingFor(model).countTokensOrdinary(text);
  }

  /** A prompt being laid out as tokens, message by message. */
  final class Prompt {
    private final Encoding encoding;
    private final IntArrayList tokens = new IntArrayList();
    private final StringBuilder text = new StringBuilder();

    Prompt(String model) {
      this.encoding = encodingFor(model);
    }

    /** Adds one message: {@code content} is a string, an array of parts, or absent. */
    Prompt message(String role, JsonNode content, String name) {
      for (int i = 0; i < PER_MESSAGE; i++) {
        tokens.add(FRAME);
      }
      text(role);
      content(content);
      if (name != null) {
        tokens.add(FRAME);
        text(name);
      }
      return this;
    }

    /** Adds the tokens of arbitrary content: a string, parts with text, or any JSON (tools, tool calls). */
    Prompt content(JsonNode content) {
      if (content == null || content.isNull() || content.isMissingNode()) {
        return this;
      }
      if (content.isTextual()) {
        text(content.asText());
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          part(part);
        }
      } else {
        text(content.toString());
      }
      return this;
    }

    private void part(JsonNode part) {
      String type = part.path("type").asText("");
      if (part.isTextual()) {
        text(part.asText());
      } else if (type.contains("image") || type.contains("file") || type.contains("audio")) {
        for (int i = 0; i < PER_IMAGE; i++) {
          tokens.add(IMAGE);
        }
        text.append(part).append('\u0001');
      } else if (part.has("text")) {
        text(part.path("text").asText());
      } else if (part.has("refusal")) {
        text(part.path("refusal").asText());
      } else {
        text(part.toString());
      }
    }

    Prompt text(String value) {
      IntArrayList encoded = encoding.encodeOrdinary(value);
      for (int i = 0; i < encoded.size(); i++) {
        tokens.add(encoded.get(i));
      }
      text.append(value).append('\u0001');
      return this;
    }

    /** Closes the prompt with the reply priming tokens. */
    Prompt primeReply() {
      for (int i = 0; i < REPLY_PRIMING; i++) {
        tokens.add(FRAME);
      }
      return this;
    }

    int[] tokens() {
      return tokens.toArray();
    }

    /** The prompt's text as a whole, what the answer is derived from. */
    String fingerprint() {
      return text.toString();
    }
  }

  Prompt prompt(String model) {
    return new Prompt(model);
  }
}
