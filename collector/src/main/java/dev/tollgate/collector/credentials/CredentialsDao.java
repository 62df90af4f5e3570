package dev.tollgate.collector.credentials;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What the token endpoint reads (clients, the team's provider key) and its failed-attempt counts. */
interface CredentialsDao {

  /** A client row. */
  record Client(UUID id, UUID teamId, String clientId, String secretHash) {}

  /** A provider key row, still encrypted; {@code deployments} as JSON text (Azure OpenAI keys). */
  record ProviderKey(UUID id, String name, String provider, String baseUrl, byte[] ciphertext,
      String apiVersion, String deployments) {}

  @SqlQuery("SELECT id, team_id, client_id, secret_hash FROM clients WHERE client_id = :id")
  @RegisterConstructorMapper(Client.class)
  Optional<Client> client(@Bind("id") String clientId);

  /** The newest client's secret hash: new hashes are made with its parameters. */
  @SqlQuery("SELECT secret_hash FROM clients ORDER BY created_at DESC LIMIT 1")
  Optional<String> newestSecretHash();

  /** The team's own provider key, else the default key. */
  @SqlQuery("""
      SELECT k.id, k.name, k.provider, k.base_url, k.api_key_ciphertext AS ciphertext,
             k.api_version, k.deployments::text AS deployments
      FROM provider_keys k LEFT JOIN teams t ON t.id = :team AND t.provider_key_id = k.id
      WHERE t.id IS NOT NULL OR k.is_default
      ORDER BY (t.id IS NOT NULL) DESC LIMIT 1""")
  @RegisterConstructorMapper(ProviderKey.class)
  Optional<ProviderKey> providerKey(@Bind("team") UUID teamId);

  /** How many failures a key has had since a time. */
  record FailureCount(String key, int failures) {}

  @SqlQuery("""
      SELECT key, count(*) AS failures FROM auth_failures WHERE key = ANY(:keys) AND at > :since GROUP BY key""")
  @RegisterConstructorMapper(FailureCount.class)
  List<FailureCount> failureCounts(@Bind("keys") String[] keys, @Bind("since") Instant since);

  /** Failures of every key that left the counting window. */
  @SqlUpdate("DELETE FROM auth_failures WHERE at <= :since")
  void forgetFailuresBefore(@Bind("since") Instant since);

  @SqlUpdate("INSERT INTO auth_failures (key, at) VALUES (:key, :at)")
  void recordFailure(@Bind("key") String key, @Bind("at") Instant at);

  @SqlUpdate("DELETE FROM auth_failures WHERE key = :key")
  void clearFailures(@Bind("key") String key);
}
