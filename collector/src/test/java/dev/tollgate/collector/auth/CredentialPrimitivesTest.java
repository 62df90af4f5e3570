package dev.tollgate.collector.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.collector.testing.TestApps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CredentialPrimitivesTest {

  @Test
  void accessTokenRoundTripsUntilItExpires() {
    Instant now = Instant.parse("2026-11-27T10:00:00Z");
    AccessTokens issuer = new AccessTokens(TestApps.TOKEN_SIGNING_KEY, Duration.ofMinutes(15),
        Clock.fixed(now, ZoneOffset.UTC));
    UUID team = UUID.randomUUID();
    UUID client = UUID.randomUUID();

    AccessTokens.Issued issued = issuer.issue(team, client, "tg_abc");

    assertThat(issued.expiresInSeconds()).isEqualTo(900);
    Caller caller = issuer.verify(issued.token()).orElseThrow();
    assertThat(caller.role()).isEqualTo(Role.CLIENT);
    assertThat(caller.teamId()).contains(team);
    assertThat(caller.clientId()).contains(client);
    assertThat(caller.publicClientId()).contains("tg_abc");

    AccessTokens later = new AccessTokens(TestApps.TOKEN_SIGNING_KEY, Duration.ofMinutes(15),
        Clock.fixed(now.plus(Duration.ofMinutes(15)), ZoneOffset.UTC));
    assertThat(later.verify(issued.token())).isEmpty();
  }

  @Test
  void aTokenSignedWithAnotherKeyOrTamperedWithIsRefused() {
    Clock clock = Clock.systemUTC();
    AccessTokens ours = new AccessTokens(TestApps.TOKEN_SIGNING_KEY, Duration.ofMinutes(5), clock);
    AccessTokens theirs = new AccessTokens("another-signing-key-that-is-long-enough-123", Duration.ofMinutes(5), clock);
    String token = theirs.issue(UUID.randomUUID(), UUID.randomUUID(), "tg_x").token();

    assertThat(ours.verify(token)).isEmpty();
    String good = ours.issue(UUID.randomUUID(), UUID.randomUUID(), "tg_x").token();
    // The signature's first character carries six whole bits (its last one only four, the rest is
    // padding a decoder may ignore, so replacing the last two characters left the token valid once in 1024).
    int signature = good.lastIndexOf('.') + 1;
    char other = good.charAt(signature) == 'A' ? 'B' : 'A';
    assertThat(ours.verify(good.substring(0, signature) + other + good.substring(signature + 1))).isEmpty();
    assertThat(ours.verify("not a jwt")).isEmpty();
  }

  @Test
  void secretHashesAreSaltedAndVerify() {
    SecretHasher hasher = new SecretHasher(1000);
    String secret = SecretHasher.newSecret();

    String first = hasher.hash(secret);
    String second = hasher.hash(secret);

    assertThat(first).isNotEqualTo(second).doesNotContain(secret);
    assertThat(hasher.matches(secret, first)).isTrue();
    assertThat(hasher.matches(secret + "x", first)).isFalse();
  }

  @Test
  void providerKeysAreEncryptedAndOnlyHinted() {
    ProviderKeyCipher cipher = new ProviderKeyCipher(TestApps.ENCRYPTION_KEY);
    String key = "sk-proj-verysecretvalue-abcd";

    byte[] stored = cipher.encrypt(key);

    assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("verysecret");
    assertThat(cipher.decrypt(stored)).isEqualTo(key);
    assertThat(ProviderKeyCipher.hint(key)).isEqualTo("sk-...abcd");
    assertThatThrownBy(() -> new ProviderKeyCipher("c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class);
  }
}
