package dev.tollgate.collector.minting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MinterTest {

  @Test
  void accountNamesAreTheTeamsMadeSafeAndUniquePerMint() {
    UUID id = UUID.fromString("0123abcd-4567-89ef-0123-456789abcdef");

    assertThat(Minter.accountName("Research & Development", id)).isEqualTo("tollgate-research-development-0123abcd4567");
    assertThat(Minter.accountName("  ", id)).isEqualTo("tollgate-team-0123abcd4567");
    assertThat(Minter.accountName("x".repeat(100), id)).hasSize("tollgate-".length() + 40 + 13);
    assertThat(Minter.accountName("Équipe", UUID.randomUUID())).isNotEqualTo(Minter.accountName("Équipe", id));
  }

  @Test
  void theBackoffDoublesFromTheInitialWaitUpToTheMaximum() {
    MintingSettings settings = new MintingSettings(false, Duration.ofSeconds(30), Duration.ofMinutes(30),
        Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofMinutes(5), 100, java.util.List.of());

    assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(settings.backoff(5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.backoff(60)).isEqualTo(Duration.ofMinutes(5));
  }
}
