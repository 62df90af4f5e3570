package dev.tollgate.collector.credentials;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per instance, in memory: a keyed digest (HMAC-SHA256 under a random key made at start) of
 * each client's secret that PBKDF2 has verified, tied to the stored hash it was verified
 * against. A client that authenticated before proves its secret with one HMAC, and a wrong
 * secret for it is refused with one HMAC too, so neither a returning client nor an attack on
 * a known client id needs the slow hash. Rotating a secret changes the stored hash, which
 * retires the entry. Nothing here is ever written out or logged.
 */
final class VerifiedSecrets {

  private static final int MAX_ENTRIES = 100_000;

  private record Entry(String storedHash, byte[] digest) {}

  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
  private final SecretKeySpec key;

  VerifiedSecrets() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.key = new SecretKeySpec(random, "HmacSHA256");
  }

  /** Whether {@code secret} is the one verified for {@code client} under {@code storedHash}; empty if unknown. */
  Optional<Boolean> check(UUID client, String storedHash, String secret) {
    Entry entry = entries.get(client);
    if (entry == null || !entry.storedHash().equals(storedHash)) {
      return Optional.empty();
    }
    return Optional.of(MessageDigest.isEqual(entry.digest(), digest(secret)));
  }

  void remember(UUID client, String storedHash, String secret) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(client, new Entry(storedHash, digest(secret)));
  }

  private byte[] digest(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
