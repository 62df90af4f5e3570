package dev.tollgate.collector.minting;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.common.Keyset;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.common.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the rest of the collector asks of minting: a team's key to lease (the token endpoint),
 * revoking a team's keys at once (admin, when a team is disabled or its subscription ends),
 * rotating every key of a provider key now, and the list of minted keys.
 */
public final class MintedKeys {

  /** The key to lease and its scheduled deletion, which no lease of it may outlive. */
  public record Lease(String apiKey, Instant deleteAt) {
    @Override
    public String toString() {
      return "Lease[deleteAt=" + deleteAt + "]";
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(MintedKeys.class);
  private static final int REVIEW_LIMIT = 1000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProviderKeyCipher cipher;
  private final Minter minter;
  private final Deleter deleter;
  private final AuditLog audit;
  private final MintingSettings settings;

  MintedKeys(Jdbi jdbi, Clock clock, ProviderKeyCipher cipher, Minter minter, Deleter deleter, AuditLog audit,
      MintingSettings settings) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
    this.minter = minter;
    this.deleter = deleter;
    this.audit = audit;
    this.settings = settings;
  }

  /**
   * The team's current key of an {@code openai_admin} provider key, minted when there is none
   * or it is about to be deleted. When the provider's admin API fails, a key that is still valid
   * is leased anyway (its rotation is the reaper's to retry); without one, a 503.
   */
  public Lease lease(UUID teamId, UUID providerKeyId) {
    Instant now = clock.instant();
    Optional<MintedKeyDao.Row> active = jdbi.withExtension(MintedKeyDao.class, d -> d.active(teamId, providerKeyId));
    Optional<MintedKeyDao.Source> source = jdbi.withExtension(MintedKeyDao.class, d -> d.source(providerKeyId));
    if (source.isEmpty()) {
      throw new IllegalStateException("provider key " + providerKeyId + " is not openai_admin");
    }
    if (active.isPresent() && usable(active.get(), source.get(), now)) {
      return lease(active.get());
    }
    try {
      return lease(minter.mint(teamId, providerKeyId));
    } catch (AdminApiException | JdbiException e) {
      if (active.isPresent() && active.get().deleteAt().isAfter(now)) {
        LOG.warn("Could not mint a key for team {}, leasing its current key until {}: {}", teamId,
            active.get().deleteAt(), e.getMessage());
        return lease(active.get());
      }
      throw new ProblemException(503, "upstream-key-unavailable", "Service Unavailable",
          "The provider's admin API could not mint a key for the team; try again shortly", null, null);
    }
  }

  private boolean usable(MintedKeyDao.Row key, MintedKeyDao.Source source, Instant now) {
    return key.baseUrl().equals(source.baseUrl()) && key.projectId().equals(source.projectId())
        && key.deleteAt().isAfter(now.plus(settings.minRemaining()));
  }

  private Lease lease(MintedKeyDao.Row key) {
    return new Lease(cipher.decrypt(key.apiKeyCiphertext()), key.deleteAt());
  }

  /**
   * Revokes the team's current keys that it may no longer use (team disabled, subscription
   * ended, another provider key assigned) and deletes them at the provider now; a deletion that
   * fails is retried by the reaper. Returns how many keys were revoked.
   */
  public int review(String actor, UUID teamId) {
    return revoke(actor, jdbi.withExtension(MintedKeyDao.class, d -> d.ended(teamId, clock.instant(), REVIEW_LIMIT)));
  }

  int revoke(String actor, List<MintedKeyDao.Ended> ended) {
    List<MintedKeyDao.Row> revoked = new ArrayList<>();
    for (MintedKeyDao.Ended e : ended) {
      OwnHandles.transaction(jdbi, h -> {
        MintedKeyDao keys = h.attach(MintedKeyDao.class);
        if (keys.revoke(e.id(), clock.instant()) == 1) {
          audit.record(h, actor, "minted_key.revoked", "team", e.teamId(),
              Map.of("minted_key_id", e.id().toString(), "reason", e.reason()));
          revoked.add(keys.find(e.id()).orElseThrow());
        }
        return null;
      });
    }
    revoked.forEach(deleter::delete);
    return revoked.size();
  }

  /** Makes every current key of the provider key due for rotation now; the reaper mints their successors. */
  public int rotateAll(String actor, UUID providerKeyId) {
    return jdbi.inTransaction(h -> {
      Instant now = clock.instant();
      int n = h.attach(MintedKeyDao.class).rotateNow(providerKeyId, now, now.plus(settings.overlap()));
      audit.record(h, actor, "minted_key.rotation_requested", "provider_key", providerKeyId, Map.of("keys", n));
      return n;
    });
  }

  /** The keys minted with a provider key, oldest first. */
  public Page<MintedKey> list(UUID providerKeyId, String limit, String cursor) {
    int size = Pages.limit(limit);
    Keyset after = Keyset.after(cursor);
    List<MintedKey> rows = jdbi.withExtension(MintedKeyDao.class,
        d -> d.list(providerKeyId, after.at(), after.id(), size + 1)).stream().map(MintedKey::of).toList();
    return Pages.of(rows, size, key -> Keyset.cursor(key.createdAt(), key.id()));
  }
}
