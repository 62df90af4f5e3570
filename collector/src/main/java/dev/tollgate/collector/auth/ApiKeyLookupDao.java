package dev.tollgate.collector.auth;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The one query authentication needs: an active API key by its hash. */
public interface ApiKeyLookupDao {

  /** An active key's id and role. */
  record ActiveKey(UUID id, String role) {}

  @SqlQuery("SELECT id, role FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
  @RegisterConstructorMapper(ActiveKey.class)
  Optional<ActiveKey> findActive(@Bind("hash") String hash);
}
