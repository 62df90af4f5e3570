package dev.tollgate.collector.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test parser accepts the format and refuses what Prometheus would refuse, or its checks prove nothing. */
class PrometheusTextTest {

  @Test
  void readsFamiliesLabelsEscapesAndSpecialValues() {
    Map<String, PrometheusText.Family> f = PrometheusText.parse("""
        # HELP a_total Things\\\\done\\nso far
        # TYPE a_total counter
        a_total{outcome="ok",path="C:\\\\x \\"q\\"\\n"} 3
        a_total{outcome="bad"} 1e3 1700000000000
        # TYPE s summary
        s{quantile="0.5"} NaN
        s_sum +Inf
        s_count 0
        # TYPE h histogram
        h_bucket{le="1"} 1
        h_bucket{le="+Inf"} 2
        h_sum 3.5
        h_count 2
        untyped_one -Inf
        """);

    assertThat(f.get("a_total").help()).isEqualTo("Things\\done\nso far");
    assertThat(f.get("a_total").value("a_total", Map.of("outcome", "ok", "path", "C:\\x \"q\"\n"))).contains(3.0);
    assertThat(f.get("a_total").value("a_total", Map.of("outcome", "bad"))).contains(1000.0);
    assertThat(f.get("s").samples()).hasSize(3);
    assertThat(f.get("h").value("h_count", Map.of())).contains(2.0);
    assertThat(f.get("untyped_one").type()).isEqualTo("untyped");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "1bad 1\n",
      "a{b=\"c\"} one\n",
      "a{b=c} 1\n",
      "a{__b=\"c\"} 1\n",
      "a{b=\"c\",b=\"d\"} 1\n",
      "a{b=\"\\x\"} 1\n",
      "a 1\na 2\n",
      "# TYPE a gauge\n# TYPE a gauge\na 1\n",
      "a 1\n# TYPE a gauge\n",
      "# TYPE a wibble\na 1\n",
      "a 1\nb 1\na 2\n",
      "# TYPE s summary\ns 1\n",
      "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n",
      "a 1",
  })
  void refusesWhatTheFormatForbids(String text) {
    assertThatThrownBy(() -> PrometheusText.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
