package dev.tollgate.collector.minting;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a key's service account at the provider and records the outcome: {@code deleted} and
 * audited, or the failure counted, shown ({@code last_error}) and retried after a backoff. A
 * {@code minting} row has no account id yet: its account is looked up by name, and deleted if
 * the provider made it (a mint undone).
 */
final class Deleter {

  private static final Logger LOG = LoggerFactory.getLogger(Deleter.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProviderKeyCipher cipher;
  private final AdminApi api;
  private final AuditLog audit;
  private final MintingSettings settings;

  Deleter(Jdbi jdbi, Clock clock, ProviderKeyCipher cipher, AdminApi api, AuditLog audit, MintingSettings settings) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
    this.api = api;
    this.audit = audit;
    this.settings = settings;
  }

  /** Deletes the key's account; true when it is gone, false when the attempt failed and is scheduled again. */
  boolean delete(MintedKeyDao.Row row) {
    boolean undo = "minting".equals(row.state());
    Optional<String> account;
    try {
      String adminKey = cipher.decrypt(jdbi.withExtension(MintedKeyDao.class, d -> d.adminKey(row.providerKeyId())).value());
      account = undo ? api.find(row.target(), adminKey, row.accountName()) : Optional.ofNullable(row.serviceAccountId());
      if (account.isPresent()) {
        api.delete(row.target(), adminKey, account.get());
      }
    } catch (AdminApiException e) {
      failed(row, e.getMessage());
      return false;
    }
    Instant now = clock.instant();
    OwnHandles.transaction(jdbi, h -> {
      if (h.attach(MintedKeyDao.class).markDeleted(row.id(), now) == 1) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("minted_key_id", row.id().toString());
        details.put("provider_key_id", row.providerKeyId().toString());
        details.put("service_account", row.accountName());
        details.put("service_account_id", account.orElse(null));
        details.put("api_key_hint", row.apiKeyHint());
        details.put("attempts", row.attempts() + 1);
        audit.record(h, Minter.ACTOR, undo ? "minted_key.undone" : "minted_key.deleted", "team", row.teamId(), details);
      }
      return null;
    });
    LOG.info("Minted key {} of team {} {}", row.id(), row.teamId(),
        undo ? (account.isPresent() ? "undone: its half-made account was deleted" : "undone: the provider never made it")
            : "deleted at the provider");
    return true;
  }

  private void failed(MintedKeyDao.Row row, String error) {
    int attempts = row.attempts() + 1;
    Instant next = clock.instant().plus(settings.backoff(attempts));
    OwnHandles.transaction(jdbi, h -> {
      h.attach(MintedKeyDao.class).attemptFailed(row.id(), error, next);
      if (attempts == 1) {
        audit.record(h, Minter.ACTOR, "minted_key.delete_failed", "team", row.teamId(),
            Map.of("minted_key_id", row.id().toString(), "error", error, "next_attempt_at", next.toString()));
      }
      return null;
    });
    LOG.warn("Deleting minted key {} of team {} failed (attempt {}), trying again at {}: {}", row.id(), row.teamId(),
        attempts, next, error);
  }
}
