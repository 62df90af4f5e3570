package dev.tollgate.collector.admin.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Provider keys' SQL. No query here ever selects the ciphertext. */
@RegisterConstructorMapper(ProviderKeyRow.class)
public interface ProviderKeyDao {

  String COLUMNS = "id, provider, name, base_url, api_key_hint, labels::text AS labels, is_default, "
      + "created_at, updated_at, api_version, deployments::text AS deployments, "
      + "project_id, rotation_period_seconds, tenant_id, client_id";

  @SqlUpdate("INSERT INTO provider_keys (id, provider, name, base_url, api_key_ciphertext, api_key_hint, "
      + "labels, is_default, created_at, updated_at, api_version, deployments, project_id, rotation_period_seconds, "
      + "tenant_id, client_id) VALUES (:id, :provider, :name, :baseUrl, :ciphertext, :hint, CAST(:labels AS jsonb), :isDefault, :at, :at, "
      + ":apiVersion, CAST(:deployments AS jsonb), :projectId, :rotationSeconds, :tenantId, :clientId)")
  void insert(@Bind("id") UUID id, @Bind("provider") String provider, @Bind("name") String name,
      @Bind("baseUrl") String baseUrl, @Bind("ciphertext") byte[] ciphertext, @Bind("hint") String hint,
      @Bind("labels") String labelsJson, @Bind("isDefault") boolean isDefault, @Bind("at") Instant at,
      @Bind("apiVersion") String apiVersion, @Bind("deployments") String deploymentsJson,
      @Bind("projectId") String projectId, @Bind("rotationSeconds") Long rotationSeconds,
      @Bind("tenantId") String tenantId, @Bind("clientId") String clientId);

  @SqlUpdate("UPDATE provider_keys SET name = :name, base_url = :baseUrl, labels = CAST(:labels AS jsonb), "
      + "is_default = :isDefault, api_version = :apiVersion, deployments = CAST(:deployments AS jsonb), "
      + "project_id = :projectId, rotation_period_seconds = :rotationSeconds, "
      + "tenant_id = :tenantId, client_id = :clientId, updated_at = :at WHERE id = :id")
  void update(@Bind("id") UUID id, @Bind("name") String name, @Bind("baseUrl") String baseUrl,
      @Bind("labels") String labelsJson, @Bind("isDefault") boolean isDefault, @Bind("apiVersion") String apiVersion,
      @Bind("deployments") String deploymentsJson, @Bind("projectId") String projectId,
      @Bind("rotationSeconds") Long rotationSeconds, @Bind("tenantId") String tenantId,
      @Bind("clientId") String clientId, @Bind("at") Instant at);

  @SqlUpdate("UPDATE provider_keys SET api_key_ciphertext = :ciphertext, api_key_hint = :hint, "
      + "updated_at = :at WHERE id = :id")
  void replaceKey(@Bind("id") UUID id, @Bind("ciphertext") byte[] ciphertext, @Bind("hint") String hint,
      @Bind("at") Instant at);

  /** Clears the default flag everywhere, so that another key can take it (one default at most). */
  @SqlUpdate("UPDATE provider_keys SET is_default = FALSE, updated_at = :at WHERE is_default")
  void clearDefault(@Bind("at") Instant at);

  @SqlQuery("SELECT " + COLUMNS + " FROM provider_keys WHERE id = :id")
  Optional<ProviderKeyRow> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM provider_keys WHERE lower(name) = lower(:name)")
  Optional<ProviderKeyRow> findByName(@Bind("name") String name);

  @SqlQuery("SELECT EXISTS (SELECT 1 FROM provider_keys WHERE is_default)")
  boolean hasDefault();

  /**
   * Serialises the transactions that decide which key is the default, to their end: two keys
   * created at once on an organisation without one would otherwise both become the default, and
   * the second would fail on the one-default index.
   */
  @SqlQuery("SELECT 1 FROM pg_advisory_xact_lock(7460001)")
  int lockDefaultFlag();

  @SqlQuery("SELECT " + COLUMNS + " FROM provider_keys "
      + "WHERE CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (:afterAt, :afterId) "
      + "ORDER BY created_at, id LIMIT :limit")
  List<ProviderKeyRow> list(@Bind("afterAt") Instant afterAt, @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);
}
