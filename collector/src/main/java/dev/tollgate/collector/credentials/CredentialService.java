package dev.tollgate.collector.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.AccessTokens;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.auth.SecretHasher;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.common.TextRules;
import dev.tollgate.collector.credentials.CredentialsDao.Client;
import dev.tollgate.collector.credentials.CredentialsDao.ProviderKey;
import dev.tollgate.collector.minting.EntraTokens;
import dev.tollgate.collector.minting.MintedKeys;
import dev.tollgate.collector.quota.Admission;
import dev.tollgate.collector.quota.PlanDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The token endpoint's logic: client credentials to a signed access token plus the
 * upstream credential lease of the team's provider key (or the default key).
 *
 * <p>A wrong id and a wrong secret answer the same 401: an unknown id is checked against a
 * dummy hash of the same cost. Failures are counted per client id and per address
 * ({@link FailureLimiter}); past the limit a failing attempt is answered 429 with a delay
 * that grows with each further failure. The counts never refuse a right secret: an
 * address's count only decides how its failing attempts are answered (an unknown id from an
 * address past its limit is refused without hashing), and a client id's count only sends
 * its attempts to the back of the queue for the slow hash ({@link HashGate}, bounded
 * concurrency). A client this instance verified before is checked by a keyed digest
 * ({@link VerifiedSecrets}) without the slow hash. Correct credentials of a disabled client
 * or team, or without a usable subscription, get 402 with the reason.
 *
 * <p>An {@code openai_admin} provider key is never leased: the team's minted key is
 * ({@link MintedKeys}), and the lease expires no later than that key's scheduled deletion. An
 * {@code azure_entra} key is never leased either: an Entra ID access token for it is
 * ({@link EntraTokens}), and the lease expires no later than the token.
 */
public final class CredentialService {

  private static final int DEFAULT_ITERATIONS = 600_000;
  private static final String MINTING = "openai_admin";
  private static final String ENTRA = "azure_entra";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CREDENTIAL = 256;
  private static final Duration HASH_QUEUE_WAIT = Duration.ofSeconds(5);

  private final Jdbi jdbi;
  private final Clock clock;
  private final AccessTokens tokens;
  private final ProviderKeyCipher cipher;
  private final MintedKeys minted;
  private final EntraTokens entra;
  private final Duration upstreamTtl;
  private final FailureLimiter limiter;
  private final HashGate gate;
  private final VerifiedSecrets verified = new VerifiedSecrets();
  private final AuditLog audit;
  private final Map<Integer, String> dummyHashes = new ConcurrentHashMap<>();
  private volatile int iterations = 0;

  public CredentialService(Jdbi jdbi, Clock clock, AccessTokens tokens, ProviderKeyCipher cipher,
      MintedKeys minted, EntraTokens entra, Duration upstreamTtl, int maxFailures, Duration failureWindow, int hashConcurrency, AuditLog audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.tokens = tokens;
    this.cipher = cipher;
    this.minted = minted;
    this.entra = entra;
    this.upstreamTtl = upstreamTtl;
    this.limiter = new FailureLimiter(jdbi, clock, maxFailures, failureWindow);
    this.gate = new HashGate(hashConcurrency, HASH_QUEUE_WAIT);
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
    if (request.clientId().length() > MAX_CREDENTIAL || request.clientSecret().length() > MAX_CREDENTIAL) {
      throw ProblemException.badRequest("client_id and client_secret are at most " + MAX_CREDENTIAL + " characters",
          request.clientId().length() > MAX_CREDENTIAL ? "client_id" : "client_secret");
    }
    if (TextRules.notOneLine(request.clientId()).isPresent() || TextRules.unstorable(request.clientSecret()).isPresent()) {
      throw ProblemException.badRequest("client_id and client_secret must be printable text",
          TextRules.notOneLine(request.clientId()).isPresent() ? "client_id" : "client_secret");
    }
    String clientKey = "client:" + request.clientId();
    String addressKey = "addr:" + (remoteAddress == null ? "unknown" : remoteAddress);
    Map<String, Integer> failures = limiter.counts(List.of(clientKey, addressKey));
    boolean clientAttacked = limiter.over(failures.getOrDefault(clientKey, 0));
    boolean addressOver = limiter.over(failures.getOrDefault(addressKey, 0));
    Optional<Client> client = jdbi.withExtension(CredentialsDao.class, dao -> dao.client(request.clientId()));
    boolean valid;
    if (client.isEmpty()) {
      // An unknown id always fails: past its address's limit it is refused without the slow hash.
      if (!addressOver) {
        gate.verify(clientAttacked, () -> hasher().matches(request.clientSecret(), dummyHash()));
      }
      valid = false;
    } else {
      valid = verify(client.get(), request.clientSecret(), clientAttacked);
    }
    if (!valid) {
      Map<String, Integer> after = limiter.recordFailure(failures, clientKey, addressKey);
      Duration delay = limiter.delayAfter(Math.max(after.get(clientKey), after.get(addressKey)));
      if (!delay.isZero()) {
        throw new TooManyAttemptsException(delay);
      }
      throw new ProblemException(401, "invalid-client", "Unauthorized", "Invalid client credentials", null, null);
    }
    if (failures.containsKey(clientKey)) {
      limiter.clear(clientKey);
    }
    return jdbi.inTransaction(h -> grant(h, client.get()));
  }

  /**
   * The secret against the client's stored hash: by the in-memory digest when this instance
   * verified it before, else by PBKDF2 under the gate.
   */
  private boolean verify(Client client, String secret, boolean attacked) {
    Optional<Boolean> known = verified.check(client.id(), client.secretHash(), secret);
    if (known.isPresent()) {
      return known.get();
    }
    rememberIterations(client.secretHash());
    boolean valid = gate.verify(attacked, () -> hasher().matches(secret, client.secretHash()));
    if (valid) {
      verified.remember(client.id(), client.secretHash(), secret);
    }
    return valid;
  }

  private TokenResponse grant(Handle h, Client client) {
    Instant now = clock.instant();
    Admission.requireClientEnabled(h, client.id());
    Admission.requireAllowed(h.attach(PlanDao.class).load(client.teamId()), now);
    ProviderKey key = h.attach(CredentialsDao.class).providerKey(client.teamId())
        .orElseThrow(() -> new ProblemException(503, "no-provider-key", "Service Unavailable",
            "No provider key is assigned to the team and there is no default key", null, null));
    String apiKey;
    Instant upstreamExpires = now.plus(upstreamTtl);
    if (MINTING.equals(key.provider())) {
      MintedKeys.Lease lease = minted.lease(client.teamId(), key.id());
      apiKey = lease.apiKey();
      upstreamExpires = lease.deleteAt().isBefore(upstreamExpires) ? lease.deleteAt() : upstreamExpires;
    } else if (ENTRA.equals(key.provider())) {
      EntraTokens.Token token = entra.token(key.id());
      apiKey = token.accessToken();
      upstreamExpires = token.expiresAt().isBefore(upstreamExpires) ? token.expiresAt() : upstreamExpires;
    } else {
      apiKey = cipher.decrypt(key.ciphertext());
    }
    AccessTokens.Issued issued = tokens.issue(client.teamId(), client.id(), client.clientId());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("client_id", client.clientId());
    details.put("team_id", client.teamId().toString());
    details.put("provider_key_id", key.id().toString());
    details.put("provider_key", key.name());
    details.put("access_token_expires_at", issued.expiresAt().toString());
    details.put("upstream_expires_at", upstreamExpires.toString());
    if (MINTING.equals(key.provider())) {
      details.put("upstream_key_hint", ProviderKeyCipher.hint(apiKey));
    }
    audit.record(h, "client:" + client.clientId(), "credential.issued", "client", client.id(), details);
    return new TokenResponse(issued.token(), "Bearer", issued.expiresInSeconds(), client.teamId(), client.clientId(),
        upstream(key, apiKey, upstreamExpires));
  }

  /** The lease: Azure OpenAI keys add their api-version and deployments. */
  private static TokenResponse.Upstream upstream(ProviderKey key, String apiKey, Instant expires) {
    if (MINTING.equals(key.provider())) {
      // A minted key is a plain OpenAI key: the SDK calls it like any other.
      return new TokenResponse.Upstream("openai", key.baseUrl(), apiKey, expires, null, null);
    }
    if (!"azure_openai".equals(key.provider()) && !ENTRA.equals(key.provider())) {
      return new TokenResponse.Upstream(key.provider(), key.baseUrl(), apiKey, expires, null, null);
    }
    try {
      Map<String, String> deployments = JSON.readValue(key.deployments(), new TypeReference<Map<String, String>>() { });
      return new TokenResponse.Upstream(key.provider(), key.baseUrl(), apiKey, expires, key.apiVersion(), deployments);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("provider_keys.deployments is not a JSON object of strings", e);
    }
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
