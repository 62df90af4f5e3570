package dev.tollgate.collector.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Client access tokens: HS256-signed JWTs that any collector instance sharing the
 * signing key verifies without a database read. Claims: {@code sub} the public client id,
 * {@code tid} the team, {@code cid} the client's internal id.
 */
public final class AccessTokens {

  private static final String ISSUER = "tollgate";

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Clock clock;
  private final Duration ttl;

  /**
   * @param signingKey base64 of at least 32 bytes, or a plain string of at least 32 bytes
   */
  public AccessTokens(String signingKey, Duration ttl, Clock clock) {
    byte[] secret = keyBytes(signingKey);
    try {
      this.signer = new MACSigner(secret);
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("tokenSigningKey must be at least 256 bits", e);
    }
    this.ttl = ttl;
    this.clock = clock;
  }

  private static byte[] keyBytes(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("tokenSigningKey is required (TOLLGATE_TOKEN_SIGNING_KEY)");
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(key.trim());
      if (decoded.length >= 32) {
        return decoded;
      }
    } catch (IllegalArgumentException notBase64) {
      // fall through: a plain passphrase
    }
    byte[] plain = key.getBytes(StandardCharsets.UTF_8);
    if (plain.length < 32) {
      throw new IllegalArgumentException("tokenSigningKey must be at least 256 bits (32 bytes)");
    }
    return plain;
  }

  /** A token issued now and valid for the configured lifetime. */
  public Issued issue(UUID teamId, UUID clientId, String publicClientId) {
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(publicClientId)
        .claim("tid", teamId.toString())
        .claim("cid", clientId.toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(expires))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Signing failed", e);
    }
    return new Issued(jwt.serialize(), expires, ttl.toSeconds());
  }

  /** The caller a token names, if it is ours, untampered and not expired. */
  public Optional<Caller> verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date exp = claims.getExpirationTime();
      if (!ISSUER.equals(claims.getIssuer()) || exp == null || !clock.instant().isBefore(exp.toInstant())) {
        return Optional.empty();
      }
      return Optional.of(Caller.client(UUID.fromString(claims.getStringClaim("tid")),
          UUID.fromString(claims.getStringClaim("cid")), claims.getSubject()));
    } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** A token and when it stops working. */
  public record Issued(String token, Instant expiresAt, long expiresInSeconds) {}
}
