package dev.tollgate.sdk.internal.tokens;

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
    Encoding enc = encodingFor(r.model());
    long n = PER_REPLY;
    for (ChatMessage m : r.messages()) {
      n += PER_MESSAGE + countContent(enc, m.content());
      if (m.name() != null) {
        n += enc.countTokensOrdinary(m.name());
      }
    }
    return n;
  }

  /** Prompt plus the output limit of a chat request. */
  public long estimate(ChatCompletionRequest r) {
    return estimate(r, prompt(r));
  }

  /**
   * {@code promptTokens} (already counted with {@link #prompt(ChatCompletionRequest)}) plus the
   * output limit: counting is the costly part, so a caller needing both counts once.
   */
  public long estimate(ChatCompletionRequest r, long promptTokens) {
    Integer limit = r.maxCompletionTokens() != null ? r.maxCompletionTokens() : r.maxTokens();
    return promptTokens + (limit != null ? limit : defaultMaxOutputTokens);
  }

  /** Input tokens of a Responses request. */
  public long prompt(ResponseRequest r) {
    Encoding enc = encodingFor(r.model());
    long n = countContent(enc, r.input());
    if (r.instructions() != null) {
      n += PER_MESSAGE + enc.countTokensOrdinary(r.instructions());
    }
    return n;
  }

  /** Input plus the output limit of a Responses request. */
  public long estimate(ResponseRequest r) {
    return estimate(r, prompt(r));
  }

  /** {@code inputTokens} (already counted with {@link #prompt(ResponseRequest)}) plus the output limit. */
  public long estimate(ResponseRequest r, long inputTokens) {
    return inputTokens + (r.maxOutputTokens() != null ? r.maxOutputTokens() : defaultMaxOutputTokens);
  }

  /** Input tokens of an embeddings request (the whole estimate: embeddings produce no tokens). */
  public long estimate(EmbeddingRequest r) {
    return countContent(encodingFor(r.model()), r.input());
  }

  /** Counts text in a string, a list of parts or items, or a map's {@code text}/{@code content}. */
  private long countContent(Encoding enc, Object content) {
    if (content == null) {
      return 0;
    }
    if (content instanceof String s) {
      return s.isEmpty() ? 0 : enc.countTokensOrdinary(s);
    }
    if (content instanceof List<?> list) {
      long n = 0;
      for (Object o : list) {
        n += countContent(enc, o);
      }
      return n;
    }
    if (content instanceof Map<?, ?> map) {
      long n = 0;
      if (map.containsKey("role")) {
        n += PER_MESSAGE;
      }
      n += countContent(enc, map.get("text"));
      n += countContent(enc, map.get("content"));
      return n;
    }
    return 0;
  }
}
