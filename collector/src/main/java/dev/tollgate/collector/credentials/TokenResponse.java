package dev.tollgate.collector.credentials;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.time.Instant;
import java.util.UUID;

/** The access token and the upstream credential lease of the team's provider key. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, UUID teamId, String clientId,
    Upstream upstream) {

  /**
   * Where and with which key the SDK calls the provider, until {@code expiresAt}; for an Azure
   * OpenAI key also the {@code api-version} and the deployments by model (absent otherwise).
   */
  public record Upstream(String provider, String baseUrl, String apiKey, Instant expiresAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String apiVersion,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> deployments) {}
}
