package dev.tollgate.collector.admin.keys;

import java.time.Instant;
import java.util.UUID;

/** The answer to creating an API key: the only time {@code api_key} is shown. */
public record IssuedApiKey(UUID id, String name, String role, String keyPrefix, Instant createdAt, String apiKey) {

  @Override
  public String toString() {
    return "IssuedApiKey[id=" + id + ", name=" + name + ", role=" + role + "]";
  }
}
