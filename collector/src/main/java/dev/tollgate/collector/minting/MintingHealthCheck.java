package dev.tollgate.collector.minting;

import com.codahale.metrics.health.HealthCheck;
import org.jdbi.v3.core.Jdbi;

/**
 * Unhealthy while a minted key's deletion or rotation keeps failing: a key that should be gone
 * still works at the provider, or a team's key is past its rotation. The reaper keeps retrying;
 * this makes it visible. {@code GET /v1/admin/provider-keys/{id}/minted-keys} shows which keys and why.
 */
final class MintingHealthCheck extends HealthCheck {

  private final Jdbi jdbi;

  MintingHealthCheck(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  protected Result check() {
    MintedKeyDao.Troubles t = jdbi.withExtension(MintedKeyDao.class, MintedKeyDao::troubles);
    if (t.deletions() == 0 && t.rotations() == 0) {
      return Result.healthy();
    }
    return Result.unhealthy("%d minted keys wait for a deletion that failed, %d for a rotation that failed "
        + "(oldest minted %s); see GET /v1/admin/provider-keys/{id}/minted-keys", t.deletions(), t.rotations(), t.oldest());
  }
}
