package dev.tollgate.spring;

import dev.tollgate.sdk.AuthenticationException;
import dev.tollgate.sdk.FailMode;
import dev.tollgate.sdk.TollgateException;
import dev.tollgate.sdk.internal.collector.CollectorClient;
import dev.tollgate.sdk.internal.collector.CollectorMessages;
import dev.tollgate.sdk.internal.collector.CollectorUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health {@code tollgate}: whether the collector can be reached and accepts the application's
 * credentials. DOWN only when governed calls would be refused: the collector refuses the
 * credentials (or the team's subscription), or it cannot be reached and
 * {@code tollgate.fail-mode} is {@code closed}. With fail mode {@code open} an unreachable
 * collector is UP with a detail, since calls are admitted (and their usage spooled) meanwhile.
 * A probe asks the collector at most once per {@link #CACHE_FOR}, so a load balancer polling
 * health does not turn into a stream of token requests.
 */
final class TollgateHealthIndicator implements HealthIndicator {

  /** How long one answer of the collector is reused. */
  static final Duration CACHE_FOR = Duration.ofSeconds(10);

  private final TollgateProperties properties;
  private final CollectorClient collector;
  private final Clock clock;
  private volatile Health last;
  private volatile Instant lastAt = Instant.MIN;

  TollgateHealthIndicator(TollgateProperties properties) {
    this(properties, Clock.systemUTC());
  }

  TollgateHealthIndicator(TollgateProperties properties, Clock clock) {
    this.properties = Objects.requireNonNull(properties, "properties");
    this.clock = clock;
    this.collector = properties.getUrl() == null ? null : new CollectorClient(HttpUrl.get(properties.getUrl()),
        new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(5)).build());
  }

  @Override
  public Health health() {
    if (collector == null) {
      return Health.unknown().withDetail("reason", "tollgate.url is not set").build();
    }
    Instant now = clock.instant();
    Health cached = last;
    if (cached != null && now.isBefore(lastAt.plus(CACHE_FOR))) {
      return cached;
    }
    Health fresh = probe();
    last = fresh;
    lastAt = now;
    return fresh;
  }

  private Health probe() {
    Health.Builder h;
    try {
      CollectorMessages.TokenResponse token = collector.token(properties.getClientId(), properties.getClientSecret());
      h = Health.up().withDetail("collector", "reachable").withDetail("team", String.valueOf(token.teamId()));
    } catch (CollectorUnreachableException e) {
      h = properties.getFailMode() == FailMode.CLOSED
          ? Health.down().withDetail("collector", "unreachable")
          : Health.up().withDetail("collector", "unreachable")
              .withDetail("calls", "admitted for the grace period, usage spooled");
    } catch (AuthenticationException e) {
      h = Health.down().withDetail("collector", "reachable").withDetail("credentials", "refused");
    } catch (TollgateException e) {
      h = Health.down().withDetail("collector", "reachable").withDetail("error", e.getClass().getSimpleName());
    }
    return h.withDetail("url", properties.getUrl()).withDetail("clientId", String.valueOf(properties.getClientId()))
        .withDetail("failMode", properties.getFailMode().name().toLowerCase(Locale.ROOT)).build();
  }
}
