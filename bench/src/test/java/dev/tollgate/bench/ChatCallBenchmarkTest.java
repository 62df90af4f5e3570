package dev.tollgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmark compares like with like only if every variant really makes the call against
 * its mock, and the SDK really meters each one; this runs each benchmark method a few times
 * outside JMH and checks both.
 */
class ChatCallBenchmarkTest {

  private static final Blackhole BLACKHOLE = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @Test
  void everyVariantCallsItsMockAndTheSdkMetersEveryCall() throws Exception {
    ChatCallBenchmark benchmark = new ChatCallBenchmark();
    ChatCallBenchmark.TollgateSdk sdk = new ChatCallBenchmark.TollgateSdk();
    ChatCallBenchmark.PlainOkHttp okHttp = new ChatCallBenchmark.PlainOkHttp();
    ChatCallBenchmark.OpenAiJava openAi = new ChatCallBenchmark.OpenAiJava();
    ChatCallBenchmark.Intercepted intercepted = new ChatCallBenchmark.Intercepted();
    sdk.start();
    okHttp.start();
    openAi.start();
    intercepted.start();
    try {
      for (int i = 0; i < 3; i++) {
        benchmark.tollgateSdk(sdk, BLACKHOLE);
        benchmark.plainOkHttp(okHttp, BLACKHOLE);
        benchmark.openAiJava(openAi, BLACKHOLE);
        benchmark.okHttpInterceptor(intercepted, BLACKHOLE);
      }
      // The SDK's state made one warm-up call in its setup.
      assertThat(sdk.upstream.chatCalls()).isEqualTo(4);
      assertThat(okHttp.upstream.chatCalls()).isEqualTo(3);
      assertThat(openAi.upstream.chatCalls()).isEqualTo(3);
      assertThat(intercepted.tollgate.upstream.chatCalls()).isEqualTo(4);
      assertThat(sdk.collector.leaseCalls()).isEqualTo(sdk.leasesAtStart);
      assertThat(intercepted.tollgate.collector.leaseCalls()).isEqualTo(intercepted.tollgate.leasesAtStart);
    } finally {
      sdk.stop();
      okHttp.stop();
      openAi.stop();
      intercepted.stop();
    }
    // Closing the client flushed the usage: one event per upstream call, through the interceptor too.
    assertThat(sdk.collector.usageEvents()).isEqualTo(4);
    assertThat(intercepted.tollgate.collector.usageEvents()).isEqualTo(4);
  }
}
