package dev.tollgate.sdk.internal.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import dev.tollgate.sdk.chat.ChatMessage;
import dev.tollgate.sdk.embeddings.EmbeddingRequest;
import dev.tollgate.sdk.responses.ResponseRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Estimates the tokens of a request before it is sent, with the tiktoken encodings of
 * JTokkit: {@code o200k_base} for the GPT-4o, GPT-4.1, GPT-5 and o-series families,
 * {@code cl100k_base} otherwise. Chat messages add OpenAI's per-message overhead; the
 * completion side is the request's output limit or the configured default.
 */
public final class TokenEstimator {

  private static final int PER_MESSAGE = 4;
  private static final int PER_REPLY = 3;

  /** Loaded once per JVM on first use (the vocabularies take a moment); encodings are thread-safe. */
  private static final class Registry {
    static final EncodingRegistry INSTANCE = Encodings.newLazyEncodingRegistry();
  }

  private static final class O200k {
    static final Encoding ENCODING = Registry.INSTANCE.getEncoding(EncodingType.O200K_BASE);
  }

  private static final class Cl100k {
    static final Encoding ENCODING = Registry.INSTANCE.getEncoding(EncodingType.CL100K_BASE);
  }

  private final int defaultMaxOutputTokens;

  /** An estimator assuming {@code defaultMaxOutputTokens} when a request sets no output limit. */
  public TokenEstimator(int defaultMaxOutputTokens) {
    this.defaultMaxOutputTokens = defaultMaxOutputTokens;
  }

  /** Loads both vocabularies now (they take a moment), so that the first call does not wait for them. */
  public void warmUp() {
    O200k.ENCODING.countTokensOrdinary("warm up");
    Cl100k.ENCODING.countTokensOrdinary("warm up");
  }

  /** The encoding used for {@code model}. */
  Encoding encodingFor(String model) {
    return o200k(model) ? O200k.ENCODING : Cl100k.ENCODING;
  }

  private static boolean o200k(String model) {
    String m = model == null ? "" : model.toLowerCase(java.util.Locale.ROOT);
    if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5") || m.startsWith("gpt-5")
        || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4") || m.startsWith("chatgpt")
        || m.startsWith("gpt-oss") || m.contains("omni")) {
      return true;
    }
    return false;
  }

  /** Tokens of {@code text} in the encoding of {@code model}. */
  public long count(String model, String text) {
    return text == null || text.isEmpty() ? 0 : encodingFor(model).countTokensOrdinary(text);
  }

  /** Prompt tokens of a chat request. */
  public long prompt(ChatCompletionRequest r) {
    return prompt(r, exact(r.model()));
  }

  private static long prompt(ChatCompletionRequest r, TextCounter counter) {
    long n = PER_REPLY;
    for (ChatMessage m : r.messages()) {
      n += PER_MESSAGE + countContent(counter, m.content());
      if (m.name() != null) {
        n += counter.count(m.name());
      }
    }
    return n;
  }

  /**
   * The estimate of a chat request as a cheap upper bound, with the exact count computed
   * only if admission needs it (see {@link TokenEstimate}).
   */
  public TokenEstimate lazyEstimate(ChatCompletionRequest r) {
    Integer limit = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
    long output = limit != null ? limit : defaultMaxOutputTokens;
    return new TokenEstimate(prompt(r, TokenEstimator::utf8Bytes) + output, () -> prompt(r), output);
  }

  /** The estimate of a Responses request as a cheap upper bound, the exact count on demand. */
  public TokenEstimate lazyEstimate(ResponseRequest r) {
    long output = r.maxOutputTokens() != null ? r.maxOutputTokens() : defaultMaxOutputTokens;
    return new TokenEstimate(prompt(r, TokenEstimator::utf8Bytes) + output, () -> prompt(r), output);
  }

  /** The estimate of an embeddings request as a cheap upper bound, the exact count on demand. */
  public TokenEstimate lazyEstimate(EmbeddingRequest r) {
    return new TokenEstimate(countContent(TokenEstimator::utf8Bytes, r.input()), () -> estimate(r), 0);
  }

  /**
   * The estimate of a request known only as its JSON body (the OkHttp interceptor's calls):
   * the body's length in bytes (every token of the prompt is at least one of its bytes) plus
   * the output limit as the bound, and the prompt counted from the parsed body on demand.
   *
   * @param endpoint the operation, e.g. {@code chat/completions}
   * @param body the request body
   * @param outputLimit the request's output limit, or null for the default
   * @param parse parses the body (called at most once, only for an exact count)
   */
  public TokenEstimate lazyEstimate(String endpoint, byte[] body, Long outputLimit, Supplier<JsonNode> parse) {
    long output = switch (endpoint) {
      case "chat/completions", "responses", "completions" -> outputLimit != null ? outputLimit : defaultMaxOutputTokens;
      default -> 0;
    };
    if ("moderations".equals(endpoint)) {
      return TokenEstimate.exactly(0);
    }
    return new TokenEstimate(body.length + output, () -> prompt(endpoint, parse.get()), output);
  }

  /** The prompt tokens of a request body of {@code endpoint}. */
  long prompt(String endpoint, JsonNode body) {
    TextCounter counter = exact(body.path("model").asText(null));
    return switch (endpoint) {
      case "chat/completions" -> {
        long n = PER_REPLY;
        for (JsonNode m : body.path("messages")) {
          n += PER_MESSAGE + countContent(counter, m.get("content"));
          if (m.hasNonNull("name")) {
            n += counter.count(m.get("name").asText());
          }
        }
        yield n;
      }
      case "responses" -> countContent(counter, body.get("input"))
          + (body.hasNonNull("instructions") ? PER_MESSAGE + counter.count(body.get("instructions").asText()) : 0);
      case "completions" -> countContent(counter, body.get("prompt"));
      case "embeddings" -> countContent(counter, body.get("input"));
      default -> 0;
    };
  }

  /** Prompt plus the output limit of a chat request. */
  public long estimate(ChatCompletionRequest r) {
    return lazyEstimate(r).exact();
  }

  /** Input tokens of a Responses request. */
  public long prompt(ResponseRequest r) {
    return prompt(r, exact(r.model()));
  }

  private static long prompt(ResponseRequest r, TextCounter counter) {
    long n = countContent(counter, r.input());
    if (r.instructions() != null) {
      n += PER_MESSAGE + counter.count(r.instructions());
    }
    return n;
  }

  /** Input plus the output limit of a Responses request. */
  public long estimate(ResponseRequest r) {
    return lazyEstimate(r).exact();
  }

  /** Input tokens of an embeddings request (the whole estimate: embeddings produce no tokens). */
  public long estimate(EmbeddingRequest r) {
    return countContent(exact(r.model()), r.input());
  }

  /** Counts text in a string, a list of parts or items, or a map's {@code text}/{@code content}. */
  private static long countContent(TextCounter counter, Object content) {
    if (content == null) {
      return 0;
    }
    if (content instanceof JsonNode node) {
      return countContent(counter, node);
    }
    if (content instanceof String s) {
      return s.isEmpty() ? 0 : counter.count(s);
    }
    if (content instanceof List<?> list) {
      long n = 0;
      for (Object o : list) {
        n += countContent(counter, o);
      }
      return n;
    }
    if (content instanceof Map<?, ?> map) {
      long n = 0;
      if (map.containsKey("role")) {
        n += PER_MESSAGE;
      }
      n += countContent(counter, map.get("text"));
      n += countContent(counter, map.get("content"));
      return n;
    }
    return 0;
  }

  /** {@link #countContent(TextCounter, Object)} for a parsed body: token-id arrays count their length. */
  private static long countContent(TextCounter counter, JsonNode content) {
    if (content.isTextual()) {
      return content.asText().isEmpty() ? 0 : counter.count(content.asText());
    }
    if (content.isNumber()) {
      return 1;
    }
    long n = 0;
    if (content.isArray()) {
      for (JsonNode o : content) {
        n += countContent(counter, o);
      }
    } else if (content.isObject()) {
      if (content.has("role")) {
        n += PER_MESSAGE;
      }
      JsonNode text = content.get("text");
      JsonNode inner = content.get("content");
      n += text == null ? 0 : countContent(counter, text);
      n += inner == null ? 0 : countContent(counter, inner);
    }
    return n;
  }

  private TextCounter exact(String model) {
    Encoding enc = encodingFor(model);
    return enc::countTokensOrdinary;
  }

  /**
   * UTF-8 bytes of {@code text}: an upper bound on its tokens in any byte-level BPE encoding
   * (every token covers at least one byte), for the cost of one pass over the characters.
   */
  static long utf8Bytes(String text) {
    long n = 0;
    for (int i = 0, len = text.length(); i < len; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Counts the tokens of one piece of text. */
  @FunctionalInterface
  private interface TextCounter {
    long count(String text);
  }
}
