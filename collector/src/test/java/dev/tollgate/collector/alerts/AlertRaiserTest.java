package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.TollgateApplication;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertRaiserTest {

  static final List<Integer> DEFAULT = List.of(50, 80, 100);

  @Test
  void aThresholdIsCrossedWhenUsedReachesItFromBelow() {
    BigDecimal limit = new BigDecimal("100");
    assertThat(AlertRaiser.crossed(DEFAULT, limit, d("49.99"), d("50"))).containsExactly(50);
    assertThat(AlertRaiser.crossed(DEFAULT, limit, d("50"), d("79.999"))).isEmpty();
    assertThat(AlertRaiser.crossed(DEFAULT, limit, d("10"), d("120"))).containsExactly(50, 80, 100);
    assertThat(AlertRaiser.crossed(DEFAULT, limit, d("100"), d("150"))).as("already past every threshold").isEmpty();
    assertThat(AlertRaiser.crossed(List.of(150, 25), limit, d("20"), d("150"))).containsExactly(25, 150);
    assertThat(AlertRaiser.crossed(DEFAULT, d("0.000003"), d("0.0000014"), d("0.0000015")))
        .as("exact decimals, no rounding").containsExactly(50);
    assertThat(AlertRaiser.crossed(List.of(), limit, d("0"), d("1000"))).isEmpty();
  }

  @Test
  void aSpikeIsADayAboveTheMultipleOfTheTrailingAverage() {
    BigDecimal three = d("3");
    assertThat(AlertRaiser.isSpike(d("0.3"), d("0.7"), three)).as("exactly three times").isFalse();
    assertThat(AlertRaiser.isSpike(d("0.300001"), d("0.7"), three)).isTrue();
    assertThat(AlertRaiser.isSpike(d("1000"), d("0"), three)).as("no history, no average").isFalse();
    assertThat(AlertRaiser.isSpike(d("0.5"), d("0.7"), d("5"))).isFalse();
  }

  @Test
  void thePayloadHasTheSpecifiedFieldsInOrder() throws Exception {
    ObjectMapper json = TollgateApplication.configureJson(new ObjectMapper());
    AlertRaiser raiser = new AlertRaiser(json, Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC),
        d("3"), () -> { });
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("model", "m");
    details.put("first_seen", "2026-11-27T11:00:00Z");
    UUID id = UUID.fromString("00000000-0000-4000-8000-000000000001");
    UUID team = UUID.fromString("00000000-0000-4000-8000-000000000002");
    assertThat(raiser.payload(id, AlertType.UNPRICED_MODEL, Instant.parse("2026-11-27T12:00:00Z"), team, "T", details))
        .isEqualTo("{\"id\":\"00000000-0000-4000-8000-000000000001\",\"type\":\"unpriced_model\","
            + "\"occurred_at\":\"2026-11-27T12:00:00Z\",\"team_id\":\"00000000-0000-4000-8000-000000000002\","
            + "\"team\":\"T\",\"details\":{\"model\":\"m\",\"first_seen\":\"2026-11-27T11:00:00Z\"}}");
  }

  @Test
  void amountsFollowTheQuotaEndpoints() {
    assertThat(AlertRaiser.amount("cost", d("12.50000"))).isEqualTo("12.5");
    assertThat(AlertRaiser.amount("cost", d("0.000"))).isEqualTo("0");
    assertThat(AlertRaiser.amount("tokens", d("1500"))).isEqualTo(d("1500"));
  }

  private static BigDecimal d(String value) {
    return new BigDecimal(value);
  }
}
