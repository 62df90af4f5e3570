package dev.tollgate.collector.minting;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work of minting, one pass every poll interval: undo mints that a stopped or
 * failed call left half-done; revoke the keys of teams that may no longer have them; rotate
 * keys that are due (a failed rotation keeps the current key valid and is retried with
 * backoff); delete retired keys whose overlap is over (a failed deletion is retried with
 * backoff and shows in the {@code minted-keys} health check). Any number of instances may run
 * one: a half-done mint is only touched when no instance holds its team's lock, and deleting
 * twice is harmless. Time comes from the injected clock; tests call {@link #runOnce()}.
 */
public final class KeyReaper implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(KeyReaper.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Minter minter;
  private final Deleter deleter;
  private final MintedKeys keys;
  private final MintingSettings settings;
  private ScheduledExecutorService thread;

  KeyReaper(Jdbi jdbi, Clock clock, Minter minter, Deleter deleter, MintedKeys keys, MintingSettings settings) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.minter = minter;
    this.deleter = deleter;
    this.keys = keys;
    this.settings = settings;
  }

  /** One pass over what is due now. */
  public void runOnce() {
    int batch = settings.batchSize();
    Instant now = clock.instant();
    jdbi.withExtension(MintedKeyDao.class, d -> d.pendingMints(now, batch)).forEach(this::undo);
    keys.revoke(Minter.ACTOR, jdbi.withExtension(MintedKeyDao.class, d -> d.ended(null, now, batch)));
    jdbi.withExtension(MintedKeyDao.class, d -> d.dueRotations(now, batch)).forEach(this::rotate);
    jdbi.withExtension(MintedKeyDao.class, d -> d.dueDeletions(clock.instant(), batch)).forEach(deleter::delete);
  }

  /** A {@code minting} row nobody is working on: the account it may have made is found and deleted. */
  private void undo(MintedKeyDao.Row row) {
    OwnHandles.transaction(jdbi, lockTx -> {
      MintedKeyDao locked = lockTx.attach(MintedKeyDao.class);
      if (locked.tryLock(Minter.lockKey(row.teamId(), row.providerKeyId()))) {
        locked.find(row.id()).filter(r -> "minting".equals(r.state())).ifPresent(deleter::delete);
      }
      return null;
    });
  }

  private void rotate(MintedKeyDao.Row row) {
    try {
      minter.mint(row.teamId(), row.providerKeyId());
    } catch (AdminApiException | JdbiException e) {
      int attempts = row.attempts() + 1;
      Instant now = clock.instant();
      OwnHandles.transaction(jdbi, h -> {
        MintedKeyDao d = h.attach(MintedKeyDao.class);
        d.postponeDeletion(row.id(), now.plus(settings.overlap()));
        d.attemptFailed(row.id(), e.getMessage(), now.plus(settings.backoff(attempts)));
        return null;
      });
      LOG.warn("Rotating the key of team {} failed (attempt {}); its current key stays valid and is leased: {}",
          row.teamId(), attempts, e.getMessage());
    }
  }

  @Override
  public void start() {
    if (!settings.reaperEnabled()) {
      return;
    }
    thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "minted-key-reaper");
      t.setDaemon(true);
      return t;
    });
    long every = settings.pollInterval().toMillis();
    thread.scheduleWithFixedDelay(this::safePass, every, every, TimeUnit.MILLISECONDS);
  }

  private void safePass() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.warn("Minted key reaper pass failed, trying again in {}: {}", settings.pollInterval(), e.toString());
    }
  }

  @Override
  public void stop() throws InterruptedException {
    if (thread != null) {
      thread.shutdown();
      thread.awaitTermination(settings.requestTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
    }
  }
}
