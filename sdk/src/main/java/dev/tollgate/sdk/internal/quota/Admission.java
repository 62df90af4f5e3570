package dev.tollgate.sdk.internal.quota;

/**
 * One call admitted against a lease; {@link #complete} corrects the lease with the actual
 * usage. An admission without a lease (fail mode OPEN while the collector is unreachable)
 * corrects nothing.
 */
public final class Admission {

  private final Lease lease;
  private final long estimatedTokens;

  Admission(Lease lease, long estimatedTokens) {
    this.lease = lease;
    this.estimatedTokens = estimatedTokens;
  }

  /** The lease id the usage event carries, or null when admitted without a lease. */
  public String leaseId() {
    return lease == null ? null : lease.id();
  }

  /** The estimated tokens this call was admitted with. */
  public long estimatedTokens() {
    return estimatedTokens;
  }

  /**
   * Replaces the estimate with the actual token count and counts the extra requests of retries.
   *
   * @param actualTokens the tokens the provider reported (or estimated after a broken stream)
   * @param attempts how many upstream attempts the call made
   */
  public void complete(long actualTokens, int attempts) {
    if (lease != null) {
      lease.correct(actualTokens - estimatedTokens, Math.max(0, attempts - 1));
    }
  }
}
