package dev.tollgate.sdk.internal.auth;

import java.time.Instant;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * A collector access token and the upstream credential lease obtained with it. The
 * {@code toString} hides both secrets.
 *
 * @param accessToken the bearer token for the collector
 * @param tokenExpiresAt when the access token expires
 * @param provider the upstream provider, e.g. {@code openai}
 * @param baseUrl the upstream base URL (ends with {@code /})
 * @param apiKey the upstream API key
 * @param upstreamExpiresAt when the upstream lease expires
 * @param refreshAt when to start refreshing both, ahead of the earlier expiry
 * @param apiVersion the {@code api-version} an Azure OpenAI key is called with, else null
 * @param deployments Azure OpenAI deployment names by model (a model without one is its own deployment)
 */
public record Credentials(
    String accessToken,
    Instant tokenExpiresAt,
    String provider,
    HttpUrl baseUrl,
    String apiKey,
    Instant upstreamExpiresAt,
    Instant refreshAt,
    String apiVersion,
    Map<String, String> deployments) {

  /** Normalises the deployments to an unmodifiable map. */
  public Credentials {
    deployments = deployments == null ? Map.of() : Map.copyOf(deployments);
  }

  /** Whether the key is an Azure OpenAI one: deployment paths, {@code api-version}. */
  public boolean azure() {
    return "azure_openai".equals(provider) || "azure_entra".equals(provider);
  }

  /** Whether {@code now} is before the refresh point: use without a second thought. */
  boolean fresh(Instant now) {
    return now.isBefore(refreshAt);
  }

  /** Whether both the token and the upstream lease are still valid at {@code now}. */
  boolean valid(Instant now) {
    return now.isBefore(tokenExpiresAt) && now.isBefore(upstreamExpiresAt);
  }

  /** The earlier of the two expiries. */
  Instant expiresAt() {
    return tokenExpiresAt.isBefore(upstreamExpiresAt) ? tokenExpiresAt : upstreamExpiresAt;
  }

  /** These credentials marked as needing a refresh before next use. */
  Credentials expired() {
    return new Credentials(
        accessToken, Instant.EPOCH, provider, baseUrl, apiKey, Instant.EPOCH, Instant.EPOCH, apiVersion, deployments);
  }

  @Override
  public String toString() {
    return "Credentials[provider=" + provider + ", baseUrl=" + baseUrl + ", expiresAt=" + expiresAt() + "]";
  }
}
