package dev.tollgate.collector.admin.keys;

import dev.tollgate.collector.common.Keyset;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.Texts;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ApiKeys;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin and finance API keys: shown once when created, stored as a SHA-256 hash, revoked by
 * DELETE. Names need not be unique: the id tells keys apart.
 */
public final class ApiKeyService {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyService.class);

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;

  public ApiKeyService(Jdbi jdbi, AuditLog audit, Clock clock) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
  }

  public IssuedApiKey create(String actor, CreateApiKey request) {
    String name = Texts.name("name", request.name());
    String key = ApiKeys.generate();
    String prefix = ApiKeys.displayPrefix(key);
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    jdbi.useTransaction(handle -> {
      handle.attach(ApiKeyDao.class).insert(id, name, request.role().db(), ApiKeys.hash(key), prefix, now);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("name", name);
      details.put("role", request.role().db());
      details.put("key_prefix", prefix);
      audit.record(handle, actor, "api_key.created", "api_key", id, details);
    });
    LOG.info("API key {} ({}, role {}) created by {}", id, prefix, request.role().db(), actor);
    return new IssuedApiKey(id, name, request.role().db(), prefix, now, key);
  }

  public Page<ApiKey> list(String limit, String cursor) {
    int size = Pages.limit(limit);
    Keyset after = Keyset.after(cursor);
    return Pages.of(jdbi.withExtension(ApiKeyDao.class, keys -> keys.list(after.at(), after.id(), size + 1)),
        size, key -> Keyset.cursor(key.createdAt(), key.id()));
  }

  /** Revokes a key at once; revoking a revoked key again changes nothing. */
  public void revoke(String actor, UUID id) {
    jdbi.useTransaction(handle -> {
      ApiKeyDao keys = handle.attach(ApiKeyDao.class);
      ApiKey key = keys.find(id).orElseThrow(() -> ProblemException.notFound("api key"));
      if (keys.revoke(id, clock.instant()) == 1) {
        audit.record(handle, actor, "api_key.revoked", "api_key", id,
            Map.of("name", key.name(), "role", key.role(), "key_prefix", key.keyPrefix()));
        LOG.info("API key {} revoked by {}", id, actor);
      }
    });
  }
}
