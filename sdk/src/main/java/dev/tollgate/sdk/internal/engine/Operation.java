package dev.tollgate.sdk.internal.engine;

import java.util.List;
import okhttp3.HttpUrl;

/**
 * What a request asks the provider for: its path relative to the provider's base URL
 * ({@code chat/completions}, {@code files/file-abc/content}, ...) and whether the engine meters
 * its usage. The path is found in whatever URL the application's client was configured with:
 * what follows its first {@code v1} segment (OpenAI's own {@code https://api.openai.com/v1}
 * and every OpenAI-compatible base URL end so), else what follows an Azure-style
 * {@code openai/deployments/{name}}, else the whole path.
 *
 * @param path the path relative to the base URL, without a leading slash
 * @param kind what the engine does with it
 */
public record Operation(String path, Kind kind) {

  /** How the engine meters an operation. */
  public enum Kind {
    /** Chat completions: admitted, usage in the answer or the last chunk. */
    CHAT,
    /** Legacy completions: like chat. */
    COMPLETIONS,
    /** The Responses API: admitted, usage in the answer or its terminal event. */
    RESPONSES,
    /** Embeddings: admitted, prompt tokens only. */
    EMBEDDINGS,
    /** Moderations: admitted as a request, no usage. */
    MODERATIONS,
    /** Anything else (files, batches, models, ...): passed through, counted as a request. */
    OTHER;

    /** Whether the provider bills the call by its tokens (a timed-out one may have been billed). */
    public boolean billed() {
      return this == CHAT || this == COMPLETIONS || this == RESPONSES || this == EMBEDDINGS;
    }
  }

  /** The operation {@code path} is when called with {@code method}. */
  public static Operation of(String method, String path) {
    Kind kind = Kind.OTHER;
    if ("POST".equals(method)) {
      kind = switch (path) {
        case "chat/completions" -> Kind.CHAT;
        case "completions" -> Kind.COMPLETIONS;
        case "responses" -> Kind.RESPONSES;
        case "embeddings" -> Kind.EMBEDDINGS;
        case "moderations" -> Kind.MODERATIONS;
        default -> Kind.OTHER;
      };
    }
    return new Operation(path, kind);
  }

  /** The operation an application's request to {@code url} asks for (see the class comment). */
  public static Operation of(String method, HttpUrl url) {
    List<String> segments = url.pathSegments();
    int start = segments.indexOf("v1") + 1;
    if (start == 0) {
      int openai = segments.indexOf("openai");
      if (openai >= 0 && segments.size() > openai + 2 && "deployments".equals(segments.get(openai + 1))) {
        start = openai + 3;
      }
    }
    return of(method, String.join("/", segments.subList(start, segments.size())));
  }

  /** Whether the engine admits the call and reads usage from the answer. */
  public boolean metered() {
    return kind != Kind.OTHER;
  }

  /** The endpoint name on usage events, e.g. {@code /v1/chat/completions}. */
  public String endpoint() {
    return "/v1/" + path;
  }
}
