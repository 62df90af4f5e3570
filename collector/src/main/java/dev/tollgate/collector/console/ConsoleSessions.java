package dev.tollgate.collector.console;

import dev.tollgate.collector.auth.ApiKeys;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Console sessions in PostgreSQL, so that any collector instance serves them. The cookie holds
 * a random 256-bit token; the table holds only its SHA-256. A session ends at sign-out, after
 * {@code idleTimeout} without a request, or when the API key it was opened with is revoked.
 */
final class ConsoleSessions {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConsoleSessionDao dao;
  private final Clock clock;
  private final Duration idleTimeout;

  ConsoleSessions(Jdbi jdbi, Clock clock, Duration idleTimeout) {
    this.dao = jdbi.onDemand(ConsoleSessionDao.class);
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  /** A new session for an admin or finance caller; returns the cookie's token. */
  String open(Caller caller) {
    if (caller.role() == Role.CLIENT) {
      throw new IllegalArgumentException("client tokens never open the console");
    }
    dao.deleteIdle(clock.instant().minus(idleTimeout));
    String token = random();
    UUID apiKeyId = caller.actor().startsWith("api_key:") ? UUID.fromString(caller.actor().substring(8)) : null;
    dao.insert(UUID.randomUUID(), ApiKeys.hash(token), random(), caller.role().name().toLowerCase(Locale.ROOT),
        caller.actor(), apiKeyId, clock.instant());
    return token;
  }

  /** The live session the cookie names, its idle clock restarted. */
  Optional<ConsoleSession> find(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    return dao.touch(ApiKeys.hash(token), clock.instant().minus(idleTimeout), clock.instant())
        .map(row -> new ConsoleSession(row.id(), Role.valueOf(row.role().toUpperCase(Locale.ROOT)), row.actor(),
            row.csrfToken()));
  }

  void close(String token) {
    if (token != null && !token.isBlank()) {
      dao.delete(ApiKeys.hash(token));
    }
  }

  java.util.List<ConsoleSessionDao.TeamChoice> teams() {
    return dao.teams();
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
