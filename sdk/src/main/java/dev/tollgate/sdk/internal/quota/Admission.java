package dev.tollgate.sdk.internal.quota;

/**
 * One call admitted against a lease; {@link #complete} corrects the lease with the actual
 * usage. An admission without a lease (fail mode OPEN while the collector is unreachable)
 * corrects nothing.
 */
public final class Admission {

  private final Lease lease;
  private final long estimatedTokens;
  private final long estimatedCost;

  Admission(Lease lease, long estimatedTokens, long estimatedCost) {
    this.lease = lease;
    this.estimatedTokens = estimatedTokens;
    this.estimatedCost = estimatedCost;
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
   * Replaces the estimate with the actual usage and counts the extra requests of retries.
   *
   * @param promptTokens the prompt tokens the provider reported (or estimated after a broken stream)
   * @param completionTokens the completion tokens likewise
   * @param attempts how many upstream attempts the call made
   */
  public void complete(long promptTokens, long completionTokens, int attempts) {
    if (lease != null) {
      lease.correct(promptTokens + completionTokens - estimatedTokens,
          lease.costOf(promptTokens, completionTokens) - estimatedCost, Math.max(0, attempts - 1));
    }
  }
}
