package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.TollgateApplication;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SlackMessageTest {

  static final ObjectMapper JSON = TollgateApplication.configureJson(new ObjectMapper());
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final AlertRaiser FORMAT = new AlertRaiser(JSON, Clock.fixed(NOW, ZoneOffset.UTC),
      java.math.BigDecimal.TEN, () -> { });

  @Test
  void everyTypeSummarisesInTextAndOneMrkdwnSection() throws Exception {
    for (String sample : Samples.of(FORMAT, List.of(AlertType.values()), NOW)) {
      JsonNode message = JSON.readTree(SlackMessage.of(JSON, JSON.readTree(sample), false));
      SlackRules.check(message);
      assertThat(message.get("blocks")).hasSize(1);
      assertThat(message.get("blocks").get(0).get("text").get("text").asText()).isEqualTo(message.get("text").asText());
    }
  }

  @Test
  void textFromCallersIsEscapedAndAVeryLongSummaryIsCut() throws Exception {
    String model = "<!channel> & " + "m".repeat(5000);
    String payload = FORMAT.payload(UUID.randomUUID(), AlertType.UNPRICED_MODEL, NOW, null, "A&B",
        Map.of("model", model, "first_seen", NOW.toString()));
    JsonNode message = JSON.readTree(SlackMessage.of(JSON, JSON.readTree(payload), false));
    SlackRules.check(message);
    String text = message.get("text").asText();
    assertThat(text).hasSize(3000).endsWith("\u2026").startsWith("Model `&lt;!channel&gt; &amp; mmm")
        .doesNotContain("<!channel>");
  }

  @Test
  void aQuotaAlertSaysWhatWasUsedOfWhatAndTheRefusals() throws Exception {
    String payload = "{\"id\":\"x\",\"type\":\"quota_threshold\",\"occurred_at\":\"2026-11-27T12:00:00Z\","
        + "\"team_id\":null,\"team\":\"Web\",\"details\":{\"quota_id\":\"q\",\"unit\":\"requests\",\"period\":\"day\","
        + "\"threshold\":100,\"used\":1000,\"limit\":1000,\"period_end\":\"2026-11-28T00:00:00Z\",\"refusals\":7}}";
    assertThat(SlackMessage.summary(JSON.readTree(payload))).isEqualTo("Team *Web* has used 100% of its daily "
        + "requests quota: 1000 of 1000 (the period ends 2026-11-28T00:00:00Z). Leases refused so far: 7.");
  }
}
