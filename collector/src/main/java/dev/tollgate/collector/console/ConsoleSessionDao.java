package dev.tollgate.collector.console;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The console's SQL: sessions, and the team list its filters offer. */
interface ConsoleSessionDao {

  /** A session row as the console reads it. */
  record Row(UUID id, String role, String actor, String csrfToken) {}

  /** A team a filter can pick. */
  record TeamChoice(UUID id, String name) {}

  @SqlUpdate("INSERT INTO console_sessions (id, token_hash, csrf_token, role, actor, api_key_id, created_at, "
      + "last_seen_at) VALUES (:id, :tokenHash, :csrf, :role, :actor, :apiKeyId, :now, :now)")
  void insert(@Bind("id") UUID id, @Bind("tokenHash") String tokenHash, @Bind("csrf") String csrf,
      @Bind("role") String role, @Bind("actor") String actor, @Bind("apiKeyId") UUID apiKeyId,
      @Bind("now") Instant now);

  /** Touches and returns a session seen since {@code idleSince} whose API key is still active. */
  @SqlQuery("UPDATE console_sessions s SET last_seen_at = :now WHERE s.token_hash = :tokenHash "
      + "AND s.last_seen_at > :idleSince AND (s.api_key_id IS NULL OR EXISTS (SELECT 1 FROM api_keys k "
      + "WHERE k.id = s.api_key_id AND k.revoked_at IS NULL)) RETURNING s.id, s.role, s.actor, s.csrf_token")
  @RegisterConstructorMapper(Row.class)
  Optional<Row> touch(@Bind("tokenHash") String tokenHash, @Bind("idleSince") Instant idleSince,
      @Bind("now") Instant now);

  @SqlUpdate("DELETE FROM console_sessions WHERE token_hash = :tokenHash")
  void delete(@Bind("tokenHash") String tokenHash);

  /** Sessions idle past the timeout: they can never be used again. */
  @SqlUpdate("DELETE FROM console_sessions WHERE last_seen_at <= :idleSince")
  int deleteIdle(@Bind("idleSince") Instant idleSince);

  @SqlQuery("SELECT id, name FROM teams ORDER BY name, id")
  @RegisterConstructorMapper(TeamChoice.class)
  java.util.List<TeamChoice> teams();
}
