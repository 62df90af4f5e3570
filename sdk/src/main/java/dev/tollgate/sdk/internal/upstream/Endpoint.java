package dev.tollgate.sdk.internal.upstream;

/** The upstream endpoints the SDK calls, with their path under the base URL and their metered name. */
public enum Endpoint {
  CHAT_COMPLETIONS("POST", "chat/completions"),
  RESPONSES("POST", "responses"),
  EMBEDDINGS("POST", "embeddings"),
  MODERATIONS("POST", "moderations"),
  MODELS("GET", "models");

  private final String method;
  private final String path;
  private final String meteredName;

  Endpoint(String method, String path) {
    this.method = method;
    this.path = path;
    this.meteredName = "/v1/" + path;
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The path relative to the upstream base URL. */
  public String path() {
    return path;
  }

  /** The endpoint name on usage events, e.g. {@code /v1/chat/completions}. */
  public String meteredName() {
    return meteredName;
  }
}
