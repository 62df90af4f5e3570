package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.collector.common.ProblemException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ChannelUrlsTest {

  @Test
  void aHintKeepsTheOriginAndTheLastFourCharactersOnly() {
    assertThat(ChannelUrls.hint(URI.create("https://hooks.slack.com/services/T0/B0/abcdefghWXYZ")))
        .isEqualTo("https://hooks.slack.com/...WXYZ");
    assertThat(ChannelUrls.hint(URI.create("http://127.0.0.1:8443/hook?token=s3cret1234")))
        .isEqualTo("http://127.0.0.1:8443/...1234");
    assertThat(ChannelUrls.hint(URI.create("https://example.com/ab"))).isEqualTo("https://example.com/...");
    assertThat(ChannelUrls.hint(URI.create("https://example.com"))).isEqualTo("https://example.com/");
  }

  @Test
  void onlyAbsoluteHttpUrlsWithAHostAndNoUserInfoAreChannels() {
    assertThat(ChannelUrls.check(" https://example.com/x ", "url")).hasToString("https://example.com/x");
    for (String bad : new String[] {null, "", "example.com/x", "ftp://example.com/x", "https:///x",
        "https://u:p@example.com/x", "https://exa mple.com", "https://example.com/" + "a".repeat(2048)}) {
      assertThatThrownBy(() -> ChannelUrls.check(bad, "url")).as(bad).isInstanceOf(ProblemException.class)
          .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(422));
    }
  }
}
