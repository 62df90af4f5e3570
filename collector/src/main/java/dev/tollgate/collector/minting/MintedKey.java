package dev.tollgate.collector.minting;

import java.time.Instant;
import java.util.UUID;

/**
 * A minted key as the admin API shows it: never the key, only its hint; when it becomes due for
 * rotation and when it is (or was) deleted at the provider; and, while an operation on it keeps
 * failing, how often it failed, the last error and the next attempt.
 */
public record MintedKey(UUID id, UUID teamId, UUID providerKeyId, String state, String serviceAccount,
    String serviceAccountId, String apiKeyHint, Instant createdAt, Instant rotateAt, Instant deleteAt,
    Instant deletedAt, int attempts, Instant nextAttemptAt, String lastError) {

  static MintedKey of(MintedKeyDao.Row row) {
    return new MintedKey(row.id(), row.teamId(), row.providerKeyId(), row.state(), row.accountName(),
        row.serviceAccountId(), row.apiKeyHint(), row.createdAt(), row.rotateAt(), row.deleteAt(), row.deletedAt(),
        row.attempts(), row.nextAttemptAt(), row.lastError());
  }
}
