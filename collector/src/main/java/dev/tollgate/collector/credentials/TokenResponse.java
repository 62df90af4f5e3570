package dev.tollgate.collector.credentials;

import java.time.Instant;
import java.util.UUID;

/** The access token and the upstream credential lease of the team's provider key. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, UUID teamId, String clientId,
    Upstream upstream) {

  /** Where and with which key the SDK calls the provider, until {@code expiresAt}. */
  public record Upstream(String provider, String baseUrl, String apiKey, Instant expiresAt) {}
}
