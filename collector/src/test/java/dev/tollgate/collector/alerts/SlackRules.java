package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The spec's rules for a Slack message: {@code text} and {@code blocks} only, a non-empty
 * {@code text} of at most 3,000 characters, and blocks of type {@code section} with
 * {@code mrkdwn} text (Slack's own limit for a section's text is also 3,000).
 */
final class SlackRules {

  private SlackRules() {}

  static void check(JsonNode message) {
    assertThat(AlertsWorld.fieldNames(message)).containsExactly("text", "blocks");
    String text = message.get("text").asText();
    assertThat(text).isNotBlank().hasSizeLessThanOrEqualTo(3000);
    assertThat(message.get("blocks")).isNotEmpty();
    for (JsonNode block : message.get("blocks")) {
      assertThat(block.get("type").asText()).isEqualTo("section");
      assertThat(block.get("text").get("type").asText()).isEqualTo("mrkdwn");
      assertThat(block.get("text").get("text").asText()).isNotBlank().hasSizeLessThanOrEqualTo(3000);
    }
  }
}
