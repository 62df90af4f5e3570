package dev.tollgate.collector.minting;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints a team's key, first or in rotation, one instance at a time: under a PostgreSQL
 * advisory lock on (team, provider key) it looks again whether a mint is still needed, records
 * the intent (a {@code minting} row with the account's unique name) before it calls the
 * provider, then makes the new key current and retires the old one with the overlap. A
 * collector that stops between the call and the last step leaves a {@code minting} row, which
 * {@link KeyReaper} resolves: it finds the account by name and deletes it.
 */
final class Minter {

  static final String ACTOR = "collector";
  private static final Logger LOG = LoggerFactory.getLogger(Minter.class);
  /** How long after a failed mint the provider is asked again for the same team and provider key. */
  static final Duration MINT_RETRY_AFTER = Duration.ofSeconds(5);

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProviderKeyCipher cipher;
  private final AdminApi api;
  private final AuditLog audit;
  private final MintingSettings settings;

  Minter(Jdbi jdbi, Clock clock, ProviderKeyCipher cipher, AdminApi api, AuditLog audit, MintingSettings settings) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
    this.api = api;
    this.audit = audit;
    this.settings = settings;
  }

  static String lockKey(UUID teamId, UUID providerKeyId) {
    return "minted:" + teamId + ":" + providerKeyId;
  }

  /** Whether {@code key} may stay current for {@code source} until {@code until}. */
  static boolean current(MintedKeyDao.Row key, MintedKeyDao.Source source, Instant until) {
    return key.baseUrl().equals(source.baseUrl()) && key.projectId().equals(source.projectId())
        && key.rotateAt().isAfter(until) && key.deleteAt().isAfter(until);
  }

  /**
   * The team's current key, minted now unless another instance minted one while this one waited;
   * an {@link AdminApiException} when the provider did not answer.
   */
  MintedKeyDao.Row mint(UUID teamId, UUID providerKeyId) {
    return OwnHandles.transaction(jdbi, lockTx -> {
      MintedKeyDao locked = lockTx.attach(MintedKeyDao.class);
      locked.lockWait(settings.lockWait().toMillis() + "ms");
      locked.lock(lockKey(teamId, providerKeyId));
      Instant now = clock.instant();
      MintedKeyDao.Source source = locked.source(providerKeyId)
          .orElseThrow(() -> new IllegalStateException("provider key " + providerKeyId + " is not openai_admin"));
      Optional<MintedKeyDao.Row> old = locked.active(teamId, providerKeyId);
      if (old.isPresent() && current(old.get(), source, now)) {
        return old.get();
      }
      // After a failed mint, the provider is asked again only once MINT_RETRY_AFTER has passed:
      // a client retrying its token request in a loop cannot flood the admin API (nor this table).
      Optional<Instant> failed = locked.lastFailedMint(teamId, providerKeyId, now.minus(MINT_RETRY_AFTER));
      if (failed.isPresent()) {
        throw new AdminApiException("the last mint for the team failed at " + failed.get() + "; retrying after "
            + failed.get().plus(MINT_RETRY_AFTER));
      }
      UUID id = UUID.randomUUID();
      String name = accountName(locked.teamName(teamId), id);
      OwnHandles.run(jdbi, h -> h.attach(MintedKeyDao.class)
          .insertIntent(id, teamId, providerKeyId, source.baseUrl(), source.projectId(), name, now));
      AdminApi.Account account;
      try {
        account = api.create(new AdminApi.Target(source.baseUrl(), source.projectId()),
            cipher.decrypt(source.adminCiphertext()), name, settings.keyScopes());
      } catch (AdminApiException e) {
        OwnHandles.run(jdbi, h -> h.attach(MintedKeyDao.class).mintFailed(id, e.getMessage(), clock.instant()));
        LOG.warn("Minting a key for team {} failed, the reaper will check the provider for it: {}", teamId,
            e.getMessage());
        throw e;
      }
      return activate(teamId, source, old, id, name, account);
    });
  }

  private MintedKeyDao.Row activate(UUID teamId, MintedKeyDao.Source source, Optional<MintedKeyDao.Row> old,
      UUID id, String name, AdminApi.Account account) {
    Instant done = clock.instant();
    Duration period = Duration.ofSeconds(source.rotationPeriodSeconds());
    String hint = ProviderKeyCipher.hint(account.apiKey());
    return OwnHandles.transaction(jdbi, h -> {
      MintedKeyDao keys = h.attach(MintedKeyDao.class);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("minted_key_id", id.toString());
      details.put("provider_key_id", source.id().toString());
      details.put("service_account", name);
      details.put("service_account_id", account.id());
      details.put("api_key_hint", hint);
      details.put("rotate_at", done.plus(period).toString());
      details.put("delete_at", done.plus(period).plus(settings.overlap()).toString());
      if (old.isPresent()) {
        keys.retire(old.get().id(), done.plus(settings.overlap()));
        MintedKeyDao.Row retired = keys.find(old.get().id()).orElseThrow();
        details.put("replaces", old.get().id().toString());
        details.put("replaced_key_hint", old.get().apiKeyHint());
        details.put("replaced_key_delete_at", retired.deleteAt().toString());
      }
      keys.activate(id, account.id(), cipher.encrypt(account.apiKey()), hint, done.plus(period),
          done.plus(period).plus(settings.overlap()));
      audit.record(h, ACTOR, old.isPresent() ? "minted_key.rotated" : "minted_key.minted", "team", teamId, details);
      LOG.info("Minted key {} ({}) for team {}{}", id, hint, teamId,
          old.map(o -> ", replacing " + o.id()).orElse(""));
      return keys.find(id).orElseThrow();
    });
  }

  /** The service account's name: the team's, made safe, and the row's id, so that it can be found again. */
  static String accountName(String teamName, UUID id) {
    String safe = teamName == null ? "team" : teamName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("(^-+|-+$)", "");
    if (safe.length() > 40) {
      safe = safe.substring(0, 40);
    }
    String suffix = id.toString().replace("-", "").substring(0, 12);
    return "tollgate-" + (safe.isEmpty() ? "team" : safe) + "-" + suffix;
  }
}
