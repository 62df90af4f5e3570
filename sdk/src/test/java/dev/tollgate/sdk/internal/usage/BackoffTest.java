package dev.tollgate.sdk.internal.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60), clock);

  @Test
  void growsExponentiallyWithJitterUpToTheCap() {
    for (int i = 0; i < 50; i++) {
      assertThat(backoff.delay(1, Optional.empty()))
          .isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
      assertThat(backoff.delay(4, Optional.empty()))
          .isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
      assertThat(backoff.delay(40, Optional.empty()))
          .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }
  }

  @Test
  void retryAfterWinsButIsCapped() {
    assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
    assertThat(backoff.delay(1, Optional.of(Duration.ofHours(2)))).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void parsesSecondsDatesAndMilliseconds() {
    assertThat(backoff.parseRetryAfter(null, "12")).contains(Duration.ofSeconds(12));
    assertThat(backoff.parseRetryAfter(null, "Fri, 27 Nov 2026 10:00:30 GMT"))
        .contains(Duration.ofSeconds(30));
    assertThat(backoff.parseRetryAfter("1500", "12")).contains(Duration.ofMillis(1500));
    assertThat(backoff.parseRetryAfter(null, "soon")).isEmpty();
    assertThat(backoff.parseRetryAfter(null, null)).isEmpty();
  }
}
