package dev.tollgate.sdk.internal.auth;

import dev.tollgate.sdk.CollectorUnavailableException;
import dev.tollgate.sdk.FailMode;
import dev.tollgate.sdk.TollgateException;
import dev.tollgate.sdk.internal.collector.CollectorClient;
import dev.tollgate.sdk.internal.collector.CollectorMessages;
import dev.tollgate.sdk.internal.collector.CollectorUnreachableException;
import dev.tollgate.sdk.internal.usage.AccessTokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the client's access token and upstream credential lease. The hot path is one
 * volatile read and a clock comparison. Ahead of expiry one thread refreshes (on the
 * refresh executor) while the others keep using the valid credentials; once expired (or
 * invalidated after a 401), callers wait for one shared fetch, never a stampede.
 *
 * <p>When the collector is unreachable the valid credentials are used until they expire;
 * after that {@link FailMode#OPEN} keeps using them for the grace period and
 * {@link FailMode#CLOSED} refuses with {@link CollectorUnavailableException}.
 */
public final class CredentialsManager implements AccessTokenSource {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialsManager.class);

  private final CollectorClient collector;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private final Duration refreshAhead;
  private final Executor refreshExecutor;
  private final FailMode failMode;
  private final Duration gracePeriod;
  private final Duration collectorRetryInterval;

  private volatile Credentials current;
  private volatile Instant nextAttemptAfterFailure = Instant.MIN;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private final ReentrantLock fetchLock = new ReentrantLock();

  /**
   * A manager fetching with the given client credentials.
   *
   * @param refreshAhead how long before expiry to refresh (at most half the lifetime is used)
   * @param refreshExecutor runs ahead-of-expiry refreshes
   * @param gracePeriod how long past expiry {@link FailMode#OPEN} keeps using credentials
   * @param collectorRetryInterval how long to wait before asking an unreachable collector again
   */
  public CredentialsManager(
      CollectorClient collector, String clientId, String clientSecret, Clock clock,
      Duration refreshAhead, Executor refreshExecutor, FailMode failMode, Duration gracePeriod,
      Duration collectorRetryInterval) {
    this.collector = Objects.requireNonNull(collector, "collector");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    this.clock = clock;
    this.refreshAhead = refreshAhead;
    this.refreshExecutor = refreshExecutor;
    this.failMode = failMode;
    this.gracePeriod = gracePeriod;
    this.collectorRetryInterval = collectorRetryInterval;
  }

  /** Credentials to use for one upstream attempt or collector call. */
  public Credentials credentials() {
    Credentials c = current;
    Instant now = clock.instant();
    if (c != null && c.fresh(now)) {
      return c;
    }
    if (c != null && c.valid(now)) {
      refreshInBackground(now);
      return c;
    }
    return fetchShared(c);
  }

  @Override
  public String accessToken() {
    return credentials().accessToken();
  }

  @Override
  public void invalidate(String token) {
    Credentials c = current;
    if (c != null && c.accessToken().equals(token)) {
      LOG.info("Collector refused the access token; fetching a new one");
      forceRefresh(c);
    }
  }

  /** Tells the manager the upstream refused {@code apiKey} (401), so the next use fetches a new lease. */
  public void invalidateUpstreamKey(String apiKey) {
    Credentials c = current;
    if (c != null && c.apiKey().equals(apiKey)) {
      LOG.info("Upstream refused the leased key; fetching a new upstream lease");
      forceRefresh(c);
    }
  }

  private void forceRefresh(Credentials c) {
    fetchLock.lock();
    try {
      if (current == c) {
        current = c.expired();
        nextAttemptAfterFailure = Instant.MIN;
      }
    } finally {
      fetchLock.unlock();
    }
  }

  private void refreshInBackground(Instant now) {
    if (now.isBefore(nextAttemptAfterFailure) || !refreshing.compareAndSet(false, true)) {
      return;
    }
    try {
      refreshExecutor.execute(
          () -> {
            try {
              fetchLock.lock();
              try {
                Credentials c = current;
                if (c == null || !c.fresh(clock.instant())) {
                  current = fetch();
                }
              } finally {
                fetchLock.unlock();
              }
            } catch (CollectorUnreachableException e) {
              noteFailure();
              LOG.warn("Credential refresh failed, using the current credentials until they expire: {}", e.getMessage());
            } catch (TollgateException e) {
              noteFailure();
              LOG.warn("Credential refresh refused: {}", e.getMessage());
            } finally {
              refreshing.set(false);
            }
          });
    } catch (RuntimeException rejected) {
      refreshing.set(false);
      LOG.debug("Credential refresh not scheduled: {}", rejected.toString());
    }
  }

  private Credentials fetchShared(Credentials stale) {
    fetchLock.lock();
    try {
      Credentials c = current;
      Instant now = clock.instant();
      if (c != null && c != stale && c.valid(now)) {
        return c;
      }
      if (c != null && now.isBefore(nextAttemptAfterFailure)) {
        return degraded(c, now, null);
      }
      try {
        Credentials fresh = fetch();
        current = fresh;
        return fresh;
      } catch (CollectorUnreachableException e) {
        noteFailure();
        return degraded(c, now, e);
      }
    } finally {
      fetchLock.unlock();
    }
  }

  private Credentials degraded(Credentials c, Instant now, CollectorUnreachableException cause) {
    if (c == null) {
      throw new CollectorUnavailableException(
          "Tollgate collector unreachable and no credentials were obtained yet", cause);
    }
    if (failMode == FailMode.OPEN && c.expiresAt().isAfter(Instant.EPOCH)
        && now.isBefore(c.expiresAt().plus(gracePeriod))) {
      LOG.warn("Tollgate collector unreachable; using credentials that expired at {} (fail mode OPEN)", c.expiresAt());
      return c;
    }
    throw new CollectorUnavailableException(
        "Tollgate collector unreachable and the credentials expired (fail mode " + failMode + ")", cause);
  }

  private void noteFailure() {
    nextAttemptAfterFailure = clock.instant().plus(collectorRetryInterval);
  }

  private Credentials fetch() throws CollectorUnreachableException {
    Instant now = clock.instant();
    CollectorMessages.TokenResponse r = collector.token(clientId, clientSecret);
    if (r.accessToken() == null || r.upstream() == null || r.upstream().apiKey() == null) {
      throw new TollgateException("Collector token answer lacks the access token or the upstream lease");
    }
    Instant tokenExpiresAt = now.plusSeconds(r.expiresIn() == null ? 300 : r.expiresIn());
    Instant upstreamExpiresAt = r.upstream().expiresAt() == null ? tokenExpiresAt : r.upstream().expiresAt();
    Instant earliest = tokenExpiresAt.isBefore(upstreamExpiresAt) ? tokenExpiresAt : upstreamExpiresAt;
    Duration lifetime = Duration.between(now, earliest);
    Duration ahead = refreshAhead.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshAhead;
    HttpUrl baseUrl = HttpUrl.parse(withSlash(r.upstream().baseUrl()));
    if (baseUrl == null) {
      throw new TollgateException("Collector named an invalid upstream base URL: " + r.upstream().baseUrl());
    }
    Credentials c = new Credentials(
        r.accessToken(), tokenExpiresAt, r.upstream().provider(), baseUrl, r.upstream().apiKey(),
        upstreamExpiresAt, earliest.minus(ahead), r.upstream().apiVersion(), r.upstream().deployments());
    nextAttemptAfterFailure = Instant.MIN;
    LOG.info("Obtained Tollgate credentials: {}", c);
    return c;
  }

  private static String withSlash(String url) {
    return url == null || url.endsWith("/") ? url : url + "/";
  }
}
