package dev.tollgate.collector.credentials;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.AccessTokens;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.auth.SecretHasher;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.credentials.CredentialsDao.Client;
import dev.tollgate.collector.credentials.CredentialsDao.ProviderKey;
import dev.tollgate.collector.quota.Admission;
import dev.tollgate.collector.quota.PlanDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The token endpoint's logic: client credentials to a signed access token plus the
 * upstream credential lease of the team's provider key (or the default key).
 *
 * <p>A wrong id and a wrong secret answer the same 401, and take about as long: an
 * unknown id is checked against a dummy hash of the same cost. Failures are counted per
 * client id and per address in PostgreSQL; past the limit the answer is 429 even with the
 * right secret. Correct credentials of a disabled client or team, or without a usable
 * subscription, get 402 with the reason.
 */
public final class CredentialService {

  private static final int DEFAULT_ITERATIONS = 600_000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final AccessTokens tokens;
  private final ProviderKeyCipher cipher;
  private final Duration upstreamTtl;
  private final FailureLimiter limiter;
  private final AuditLog audit;
  private final Map<Integer, String> dummyHashes = new ConcurrentHashMap<>();
  private volatile int iterations = 0;

  public CredentialService(Jdbi jdbi, Clock clock, AccessTokens tokens, ProviderKeyCipher cipher,
      Duration upstreamTtl, int maxFailures, Duration failureWindow, AuditLog audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.tokens = tokens;
    this.cipher = cipher;
    this.upstreamTtl = upstreamTtl;
    this.limiter = new FailureLimiter(jdbi, clock, maxFailures, failureWindow);
    this.audit = audit;
  }

  public TokenResponse issue(TokenRequest request, String remoteAddress) {
    if (request == null) {
      throw ProblemException.badRequest("client_id and client_secret are required", null);
    }
    if (request.grantType() != null && !"client_credentials".equals(request.grantType())) {
      throw ProblemException.badRequest("grant_type must be client_credentials", "grant_type");
    }
    if (blank(request.clientId()) || blank(request.clientSecret())) {
      throw ProblemException.badRequest("client_id and client_secret are required",
          blank(request.clientId()) ? "client_id" : "client_secret");
    }
    String clientKey = "client:" + request.clientId();
    String addressKey = "addr:" + (remoteAddress == null ? "unknown" : remoteAddress);
    limiter.lockedFor(clientKey).or(() -> limiter.lockedFor(addressKey)).ifPresent(wait -> {
      throw new TooManyAttemptsException(wait);
    });
    Optional<Client> client = jdbi.withExtension(CredentialsDao.class, dao -> dao.client(request.clientId()));
    boolean valid;
    if (client.isPresent()) {
      rememberIterations(client.get().secretHash());
      valid = hasher().matches(request.clientSecret(), client.get().secretHash());
    } else {
      hasher().matches(request.clientSecret(), dummyHash());
      valid = false;
    }
    if (!valid) {
      limiter.recordFailure(clientKey, addressKey);
      throw new ProblemException(401, "invalid-client", "Unauthorized", "Invalid client credentials", null, null);
    }
    limiter.clear(clientKey);
    return jdbi.inTransaction(h -> grant(h, client.get()));
  }

  private TokenResponse grant(Handle h, Client client) {
    Instant now = clock.instant();
    Admission.requireClientEnabled(h, client.id());
    Admission.requireAllowed(h.attach(PlanDao.class).load(client.teamId()), now);
    ProviderKey key = h.attach(CredentialsDao.class).providerKey(client.teamId()).orElseThrow(() -> new ProblemException(503,
        "no-provider-key", "Service Unavailable",
        "No provider key is assigned to the team and there is no default key", null, null));
    String apiKey = cipher.decrypt(key.ciphertext());
    AccessTokens.Issued issued = tokens.issue(client.teamId(), client.id(), client.clientId());
    Instant upstreamExpires = now.plus(upstreamTtl);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("client_id", client.clientId());
    details.put("team_id", client.teamId().toString());
    details.put("provider_key_id", key.id().toString());
    details.put("provider_key", key.name());
    details.put("access_token_expires_at", issued.expiresAt().toString());
    details.put("upstream_expires_at", upstreamExpires.toString());
    audit.record(h, "client:" + client.clientId(), "credential.issued", "client", client.id(), details);
    return new TokenResponse(issued.token(), "Bearer", issued.expiresInSeconds(), client.teamId(), client.clientId(),
        new TokenResponse.Upstream(key.provider(), key.baseUrl(), apiKey, upstreamExpires));
  }

  /** Verifies with the stored hash's own parameters; the iteration count only matters for new hashes. */
  private SecretHasher hasher() {
    return new SecretHasher(currentIterations());
  }

  /** A hash of the same cost as real ones, so an unknown id takes as long as a wrong secret. */
  private String dummyHash() {
    int n = currentIterations();
    return dummyHashes.computeIfAbsent(n, k -> new SecretHasher(k).hash("tollgate-dummy-secret"));
  }

  private int currentIterations() {
    int n = iterations;
    if (n == 0) {
      n = jdbi.withExtension(CredentialsDao.class, CredentialsDao::newestSecretHash)
          .map(CredentialService::iterationsOf).orElse(DEFAULT_ITERATIONS);
      iterations = n;
    }
    return n;
  }

  private void rememberIterations(String hash) {
    int n = iterationsOf(hash);
    if (n > 0) {
      iterations = n;
    }
  }

  private static int iterationsOf(String hash) {
    String[] parts = hash.split("\\$");
    try {
      return parts.length == 4 ? Integer.parseInt(parts[1]) : DEFAULT_ITERATIONS;
    } catch (NumberFormatException e) {
      return DEFAULT_ITERATIONS;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
