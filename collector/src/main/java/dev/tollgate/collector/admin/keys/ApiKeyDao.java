package dev.tollgate.collector.admin.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** API keys' SQL; only the key's hash is stored. */
@RegisterConstructorMapper(ApiKey.class)
public interface ApiKeyDao {

  String COLUMNS = "id, name, role, key_prefix, created_at, revoked_at";

  @SqlUpdate("INSERT INTO api_keys (id, name, role, key_hash, key_prefix, created_at) "
      + "VALUES (:id, :name, :role, :hash, :prefix, :at)")
  void insert(@Bind("id") UUID id, @Bind("name") String name, @Bind("role") String role,
      @Bind("hash") String hash, @Bind("prefix") String prefix, @Bind("at") Instant at);

  @SqlUpdate("UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
  int revoke(@Bind("id") UUID id, @Bind("at") Instant at);

  @SqlQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
  Optional<ApiKey> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM api_keys "
      + "WHERE CAST(:afterAt AS timestamptz) IS NULL OR (created_at, id) > (:afterAt, :afterId) "
      + "ORDER BY created_at, id LIMIT :limit")
  List<ApiKey> list(@Bind("afterAt") Instant afterAt, @Bind("afterId") UUID afterId, @Bind("limit") int limit);
}
