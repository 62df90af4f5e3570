package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Both variants must really call their mock, and the governed one must go through Tollgate
 * (leased base URL, metered): this runs each benchmark method a few times outside JMH.
 */
class OpenAiJavaBenchmarkTest {

  private static final Blackhole BLACKHOLE = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @Test
  void bothVariantsCallTheirMockAndTollgateMetersEveryGovernedCall() throws Exception {
    OpenAiJavaBenchmark benchmark = new OpenAiJavaBenchmark();
    OpenAiJavaBenchmark.Governed governed = new OpenAiJavaBenchmark.Governed();
    ChatCallBenchmark.OpenAiJava plain = new ChatCallBenchmark.OpenAiJava();
    governed.start();
    plain.start();
    try {
      for (int i = 0; i < 3; i++) {
        benchmark.governedOpenAiJava(governed, BLACKHOLE);
        benchmark.openAiJava(plain, BLACKHOLE);
      }
      // Tollgate's state made one warm-up call of its own in its setup.
      assertThat(governed.tollgate.upstream.chatCalls()).isEqualTo(4);
      assertThat(plain.upstream.chatCalls()).isEqualTo(3);
      assertThat(governed.tollgate.collector.leaseCalls()).isEqualTo(governed.tollgate.leasesAtStart);
    } finally {
      governed.stop();
      plain.stop();
    }
    assertThat(governed.tollgate.collector.usageEvents()).isEqualTo(4);
  }
}
