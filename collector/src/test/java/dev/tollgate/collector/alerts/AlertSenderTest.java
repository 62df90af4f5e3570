package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertSenderTest {

  @Test
  void theBackoffDoublesFromTheFirstRetryUpToItsCap() {
    AlertSender sender = new AlertSender(null, Clock.systemUTC(), null, null, new AlertSender.Settings(true,
        Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24),
        Duration.ofSeconds(10), Duration.ofMinutes(2), 50));
    assertThat(sender.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(sender.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(sender.backoff(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(sender.backoff(7)).isEqualTo(Duration.ofMinutes(32));
    assertThat(sender.backoff(8)).isEqualTo(Duration.ofHours(1));
    assertThat(sender.backoff(500)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void durationsInWords() {
    assertThat(AlertSender.words(Duration.ofHours(24))).isEqualTo("24 hours");
    assertThat(AlertSender.words(Duration.ofHours(1))).isEqualTo("1 hour");
    assertThat(AlertSender.words(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    assertThat(AlertSender.words(Duration.ofSeconds(45))).isEqualTo("45 seconds");
  }
}
