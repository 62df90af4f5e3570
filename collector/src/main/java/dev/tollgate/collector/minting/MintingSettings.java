package dev.tollgate.collector.minting;

import java.time.Duration;
import java.util.List;

/**
 * How minting works in this instance.
 *
 * @param reaperEnabled run the background {@link KeyReaper} (tests drive {@link KeyReaper#runOnce()} instead)
 * @param pollInterval how often the reaper looks for rotations and deletions that are due
 * @param overlap how long a rotated key keeps working after its successor is minted, so calls in flight finish
 * @param minRemaining a current key with less life left than this is replaced before it is leased again
 * @param requestTimeout connect and response timeout of one admin API call
 * @param lockWait how long a mint waits for another instance minting for the same team
 * @param initialBackoff the wait before retrying a failed deletion or rotation; doubles up to {@code maxBackoff}
 * @param maxBackoff the longest wait between retries
 * @param batchSize how many rows one reaper pass works off per kind of work
 * @param keyScopes the scopes every minted key is created with; empty for the service account's default key
 */
public record MintingSettings(boolean reaperEnabled, Duration pollInterval, Duration overlap, Duration minRemaining,
    Duration requestTimeout, Duration lockWait, Duration initialBackoff, Duration maxBackoff, int batchSize,
    List<String> keyScopes) {

  public MintingSettings {
    keyScopes = List.copyOf(keyScopes);
  }

  /** The wait before attempt {@code attempts + 1}: the initial backoff doubled per failure, at most the maximum. */
  Duration backoff(int attempts) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
