package dev.tollgate.collector.minting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Minted keys' SQL, and the per-(team, provider key) advisory lock that makes one instance mint at a time. */
@RegisterConstructorMapper(MintedKeyDao.Row.class)
interface MintedKeyDao {

  /** A {@code minted_keys} row; the key itself still encrypted. */
  record Row(UUID id, UUID teamId, UUID providerKeyId, String baseUrl, String projectId, String accountName,
      String state, String serviceAccountId, byte[] apiKeyCiphertext, String apiKeyHint, Instant createdAt,
      Instant rotateAt, Instant deleteAt, Instant deletedAt, int attempts, Instant nextAttemptAt, String lastError) {

    AdminApi.Target target() {
      return new AdminApi.Target(baseUrl, projectId);
    }

    @Override
    public String toString() {
      return "MintedKey[id=" + id + ", team=" + teamId + ", state=" + state + ", hint=" + apiKeyHint + "]";
    }
  }

  /** An {@code openai_admin} provider key as minting needs it; the admin key still encrypted. */
  record Source(UUID id, String baseUrl, String projectId, byte[] adminCiphertext, long rotationPeriodSeconds) {}

  /** A current key whose team may no longer have it, and why. */
  record Ended(UUID id, UUID teamId, String reason) {}

  String COLUMNS = "id, team_id, provider_key_id, base_url, project_id, account_name, state, service_account_id, "
      + "api_key_ciphertext, api_key_hint, created_at, rotate_at, delete_at, deleted_at, attempts, next_attempt_at, "
      + "last_error";

  /** Makes the lock wait below give up after {@code wait} (e.g. {@code 20s}) in this transaction. */
  @SqlQuery("SELECT set_config('lock_timeout', :wait, true)")
  String lockWait(@Bind("wait") String wait);

  /** Waits for the transaction's lock on {@code key}; released when the transaction ends, or the connection does. */
  @SqlQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))) l")
  int lock(@Bind("key") String key);

  @SqlQuery("SELECT pg_try_advisory_xact_lock(hashtextextended(:key, 0))")
  boolean tryLock(@Bind("key") String key);

  @SqlQuery("SELECT id, base_url, project_id, api_key_ciphertext AS admin_ciphertext, "
      + "COALESCE(rotation_period_seconds, 86400) AS rotation_period_seconds "
      + "FROM provider_keys WHERE id = :id AND provider = 'openai_admin'")
  @RegisterConstructorMapper(Source.class)
  Optional<Source> source(@Bind("id") UUID providerKeyId);

  /** An {@code azure_entra} provider key as token requests need it; the client secret still encrypted. */
  record Entra(UUID id, String tenantId, String clientId, byte[] secretCiphertext, Instant updatedAt) {}

  @SqlQuery("SELECT id, tenant_id, client_id, api_key_ciphertext AS secret_ciphertext, updated_at "
      + "FROM provider_keys WHERE id = :id AND provider = 'azure_entra'")
  @RegisterConstructorMapper(Entra.class)
  Optional<Entra> entra(@Bind("id") UUID providerKeyId);

  /** A provider key's encrypted key, wrapped: Jdbi would read a bare {@code byte[]} as rows of bytes. */
  record Ciphertext(byte[] value) {}

  @SqlQuery("SELECT api_key_ciphertext AS value FROM provider_keys WHERE id = :id")
  @RegisterConstructorMapper(Ciphertext.class)
  Ciphertext adminKey(@Bind("id") UUID providerKeyId);

  @SqlQuery("SELECT name FROM teams WHERE id = :id")
  String teamName(@Bind("id") UUID teamId);

  @SqlQuery("SELECT " + COLUMNS + " FROM minted_keys WHERE id = :id")
  Optional<Row> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM minted_keys WHERE team_id = :team AND provider_key_id = :key AND state = 'active'")
  Optional<Row> active(@Bind("team") UUID teamId, @Bind("key") UUID providerKeyId);

  @SqlQuery("SELECT " + COLUMNS + " FROM minted_keys WHERE team_id = :team AND state IN ('active', 'retiring')")
  List<Row> undeleted(@Bind("team") UUID teamId);

  /** When the team's last mint with the provider key failed, if one did since {@code since}. */
  @SqlQuery("SELECT max(created_at) FROM minted_keys WHERE team_id = :team AND provider_key_id = :key "
      + "AND last_error IS NOT NULL AND created_at > :since")
  Optional<Instant> lastFailedMint(@Bind("team") UUID teamId, @Bind("key") UUID providerKeyId,
      @Bind("since") Instant since);

  @SqlUpdate("INSERT INTO minted_keys (id, team_id, provider_key_id, base_url, project_id, account_name, state, "
      + "created_at, rotate_at, delete_at) VALUES (:id, :team, :key, :baseUrl, :projectId, :name, 'minting', :at, :at, :at)")
  void insertIntent(@Bind("id") UUID id, @Bind("team") UUID teamId, @Bind("key") UUID providerKeyId,
      @Bind("baseUrl") String baseUrl, @Bind("projectId") String projectId, @Bind("name") String accountName,
      @Bind("at") Instant at);

  @SqlUpdate("UPDATE minted_keys SET state = 'active', service_account_id = :account, api_key_ciphertext = :ciphertext, "
      + "api_key_hint = :hint, rotate_at = :rotateAt, delete_at = :deleteAt WHERE id = :id AND state = 'minting'")
  int activate(@Bind("id") UUID id, @Bind("account") String serviceAccountId, @Bind("ciphertext") byte[] ciphertext,
      @Bind("hint") String hint, @Bind("rotateAt") Instant rotateAt, @Bind("deleteAt") Instant deleteAt);

  /** A mint whose provider call failed: left for the reaper to find and delete, in case the account was made. */
  @SqlUpdate("UPDATE minted_keys SET last_error = :error, delete_at = :at WHERE id = :id AND state = 'minting'")
  void mintFailed(@Bind("id") UUID id, @Bind("error") String error, @Bind("at") Instant at);

  /** The key is no longer current; it is deleted at {@code deleteAt} or at its earlier schedule, whichever is later. */
  @SqlUpdate("UPDATE minted_keys SET state = 'retiring', delete_at = GREATEST(delete_at, :deleteAt), attempts = 0, "
      + "next_attempt_at = NULL, last_error = NULL WHERE id = :id AND state = 'active'")
  int retire(@Bind("id") UUID id, @Bind("deleteAt") Instant deleteAt);

  /** The key must go now (team disabled, subscription ended). */
  @SqlUpdate("UPDATE minted_keys SET state = 'retiring', delete_at = :at, next_attempt_at = NULL "
      + "WHERE id = :id AND state IN ('active', 'retiring')")
  int revoke(@Bind("id") UUID id, @Bind("at") Instant at);

  @SqlUpdate("UPDATE minted_keys SET state = 'deleted', deleted_at = :at, last_error = NULL, next_attempt_at = NULL "
      + "WHERE id = :id AND state IN ('retiring', 'minting')")
  int markDeleted(@Bind("id") UUID id, @Bind("at") Instant at);

  @SqlUpdate("UPDATE minted_keys SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next WHERE id = :id")
  void attemptFailed(@Bind("id") UUID id, @Bind("error") String error, @Bind("next") Instant next);

  /** A failed rotation keeps the current key usable: its deletion moves to at least {@code deleteAt}. */
  @SqlUpdate("UPDATE minted_keys SET delete_at = GREATEST(delete_at, :deleteAt) WHERE id = :id AND state = 'active'")
  void postponeDeletion(@Bind("id") UUID id, @Bind("deleteAt") Instant deleteAt);

  /**
   * Makes the active keys due for rotation at {@code at} and brings their deletion forward to
   * {@code deleteAt} (the overlap after {@code at}) when it was later: a rotation asked for by an
   * admin (a key that may have leaked) ends the old key's life after the overlap, not at its
   * original schedule. Leases issued from then on are capped at the new deletion; an application
   * holding an older lease gets one 401 and fetches a new lease.
   */
  @SqlUpdate("UPDATE minted_keys SET rotate_at = LEAST(rotate_at, :at), delete_at = LEAST(delete_at, :deleteAt), "
      + "next_attempt_at = NULL WHERE provider_key_id = :key AND state = 'active'")
  int rotateNow(@Bind("key") UUID providerKeyId, @Bind("at") Instant at, @Bind("deleteAt") Instant deleteAt);

  @SqlQuery("SELECT " + COLUMNS + " FROM minted_keys WHERE state = 'minting' "
      + "AND (next_attempt_at IS NULL OR next_attempt_at <= :now) ORDER BY created_at LIMIT :limit")
  List<Row> pendingMints(@Bind("now") Instant now, @Bind("limit") int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM minted_keys WHERE state = 'active' AND rotate_at <= :now "
      + "AND (next_attempt_at IS NULL OR next_attempt_at <= :now) ORDER BY rotate_at LIMIT :limit")
  List<Row> dueRotations(@Bind("now") Instant now, @Bind("limit") int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM minted_keys WHERE state = 'retiring' AND delete_at <= :now "
      + "AND (next_attempt_at IS NULL OR next_attempt_at <= :now) ORDER BY delete_at LIMIT :limit")
  List<Row> dueDeletions(@Bind("now") Instant now, @Bind("limit") int limit);

  /** Current keys of teams that may no longer use them ({@code team} null: every team). */
  @SqlQuery("""
      SELECT m.id, m.team_id,
             CASE WHEN t.status <> 'active' THEN 'team_disabled'
                  WHEN m.provider_key_id IS DISTINCT FROM COALESCE(t.provider_key_id,
                       (SELECT k.id FROM provider_keys k WHERE k.is_default)) THEN 'provider_key_changed'
                  ELSE 'subscription_ended' END AS reason
      FROM minted_keys m JOIN teams t ON t.id = m.team_id
      WHERE m.state = 'active' AND (CAST(:team AS uuid) IS NULL OR m.team_id = :team)
        AND (t.status <> 'active'
             OR m.provider_key_id IS DISTINCT FROM COALESCE(t.provider_key_id,
                (SELECT k.id FROM provider_keys k WHERE k.is_default))
             OR NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.team_id = t.id AND s.status = 'active'
                            AND s.starts_at <= :now AND (s.expires_at IS NULL OR s.expires_at > :now)))
      LIMIT :limit""")
  @RegisterConstructorMapper(Ended.class)
  List<Ended> ended(@Bind("team") UUID teamId, @Bind("now") Instant now, @Bind("limit") int limit);

  @SqlQuery("SELECT " + COLUMNS + " FROM minted_keys WHERE provider_key_id = :key "
      + "AND (CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (:afterAt, :afterId)) "
      + "ORDER BY created_at, id LIMIT :limit")
  List<Row> list(@Bind("key") UUID providerKeyId, @Bind("afterAt") Instant afterAt, @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  /** Keys whose deletion failed and is still owed, and current keys whose rotation failed. */
  @SqlQuery("SELECT count(*) FILTER (WHERE state IN ('retiring', 'minting')) AS deletions, "
      + "count(*) FILTER (WHERE state = 'active') AS rotations, min(created_at) AS oldest "
      + "FROM minted_keys WHERE attempts > 0 AND state <> 'deleted'")
  @RegisterConstructorMapper(Troubles.class)
  Troubles troubles();

  /** What {@link #troubles()} counts. */
  record Troubles(long deletions, long rotations, Instant oldest) {}
}
