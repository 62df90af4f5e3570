package dev.tollgate.collector.minting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.common.ProblemException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entra ID access tokens for {@code azure_entra} provider keys, obtained with the client
 * credentials grant ({@code {authority}/{tenant}/oauth2/v2.0/token}, scope
 * {@code https://cognitiveservices.azure.com/.default}) and shared by every lease of the key
 * until shortly before they expire. A lease carries the token, never the client secret, and
 * expires no later than the token. When Entra ID fails, a token still valid is leased; without
 * one, a 503.
 */
public final class EntraTokens {

  /** An access token and its expiry. */
  public record Token(String accessToken, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[expiresAt=" + expiresAt + "]";
    }
  }

  static final String SCOPE = "https://cognitiveservices.azure.com/.default";
  private static final Logger LOG = LoggerFactory.getLogger(EntraTokens.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Cached(Instant keyUpdatedAt, Token token) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProviderKeyCipher cipher;
  private final String authority;
  private final Duration minRemaining;
  private final Duration timeout;
  private final HttpClient http;
  private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

  EntraTokens(Jdbi jdbi, Clock clock, ProviderKeyCipher cipher, String authority, Duration minRemaining,
      Duration timeout) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
    this.authority = authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority;
    this.minRemaining = minRemaining;
    this.timeout = timeout;
    // HTTP/1.1: over plain http the default HTTP/2 asks for an h2c upgrade, which proxies and relays may refuse.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** A token for the provider key with more than the minimum life left, obtained now if the cached one has not. */
  public Token token(UUID providerKeyId) {
    MintedKeyDao.Entra key = jdbi.withExtension(MintedKeyDao.class, d -> d.entra(providerKeyId))
        .orElseThrow(() -> new IllegalStateException("provider key " + providerKeyId + " is not azure_entra"));
    Instant now = clock.instant();
    Cached cached = cache.get(providerKeyId);
    boolean sameKey = cached != null && cached.keyUpdatedAt().equals(key.updatedAt());
    if (sameKey && cached.token().expiresAt().isAfter(now.plus(minRemaining))) {
      return cached.token();
    }
    try {
      Token fresh = request(key, now);
      cache.put(providerKeyId, new Cached(key.updatedAt(), fresh));
      return fresh;
    } catch (AdminApiException e) {
      if (sameKey && cached.token().expiresAt().isAfter(now)) {
        LOG.warn("Entra ID token request for provider key {} failed, leasing the current token: {}", providerKeyId,
            e.getMessage());
        return cached.token();
      }
      throw new ProblemException(503, "upstream-key-unavailable", "Service Unavailable",
          "Entra ID did not issue an access token for the provider key; try again shortly", null, null);
    }
  }

  private Token request(MintedKeyDao.Entra key, Instant now) {
    String form = "grant_type=client_credentials&client_id=" + encode(key.clientId()) + "&client_secret="
        + encode(cipher.decrypt(key.secretCiphertext())) + "&scope=" + encode(SCOPE);
    HttpRequest request = HttpRequest.newBuilder(URI.create(authority + "/" + encode(key.tenantId())
            + "/oauth2/v2.0/token")).timeout(timeout).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AdminApiException("token request: HTTP " + response.statusCode());
      }
      JsonNode body = JSON.readTree(response.body());
      String token = body.path("access_token").asText("");
      long expiresIn = body.path("expires_in").asLong(0);
      if (token.isEmpty() || expiresIn <= 0) {
        throw new AdminApiException("token answer without access_token or expires_in");
      }
      return new Token(token, now.plusSeconds(expiresIn));
    } catch (IOException e) {
      throw new AdminApiException("token request: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminApiException("interrupted", e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
