package dev.tollgate.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The calls of {@link ChatCallBenchmark} and {@link OpenAiJavaBenchmark}'s governed openai-java
 * call, interleaved in one JVM: blocks of calls of each variant in turn, so that all five see the
 * same machine load (the build machine is shared,
 * and load that changes between JMH's sequential benchmarks skews their comparison). Prints
 * latency percentiles per variant and the bytes allocated per call on the calling thread (the
 * mock servers and the SDK's background threads are not counted).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.tollgate.bench.ChatCallInterleaved [rounds] [block]</pre>
 */
public final class ChatCallInterleaved {

  private interface Call {
    void run(Blackhole bh) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int block = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Blackhole bh = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    ChatCallBenchmark bench = new ChatCallBenchmark();
    ChatCallBenchmark.TollgateSdk sdk = new ChatCallBenchmark.TollgateSdk();
    ChatCallBenchmark.PlainOkHttp plain = new ChatCallBenchmark.PlainOkHttp();
    ChatCallBenchmark.OpenAiJava openai = new ChatCallBenchmark.OpenAiJava();
    ChatCallBenchmark.Intercepted intercepted = new ChatCallBenchmark.Intercepted();
    OpenAiJavaBenchmark.Governed governed = new OpenAiJavaBenchmark.Governed();
    sdk.start();
    governed.start();
    intercepted.start();
    Diagnostic noShipping = Boolean.getBoolean("bench.diagnostic") ? new Diagnostic() : null;
    plain.start();
    openai.start();
    Map<String, Call> calls = new LinkedHashMap<>();
    calls.put("tollgateSdk", b -> bench.tollgateSdk(sdk, b));
    calls.put("plainOkHttp", b -> bench.plainOkHttp(plain, b));
    calls.put("openAiJava", b -> bench.openAiJava(openai, b));
    calls.put("interceptor", b -> bench.okHttpInterceptor(intercepted, b));
    OpenAiJavaBenchmark openAiBench = new OpenAiJavaBenchmark();
    calls.put("governedOAJ", b -> openAiBench.governedOpenAiJava(governed, b));
    if (noShipping != null) {
      calls.put("sdkNoShipper", b -> {
        dev.tollgate.sdk.chat.ChatCompletion c = noShipping.client.chat().create(ChatFixture.TOLLGATE);
        b.consume(c.firstText().orElseThrow());
      });
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    try {
      for (Call c : calls.values()) {
        for (int i = 0; i < 20_000; i++) { // warm-up: JIT, connection pools
          c.run(bh);
        }
      }
      List<String> names = new ArrayList<>(calls.keySet());
      Map<String, long[]> nanos = new LinkedHashMap<>();
      Map<String, Long> bytes = new LinkedHashMap<>();
      names.forEach(n -> {
        nanos.put(n, new long[rounds * block]);
        bytes.put(n, 0L);
      });
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < names.size(); k++) {
          String name = names.get((r + k) % names.size()); // rotate who goes first
          Call c = calls.get(name);
          long[] t = nanos.get(name);
          long allocated = threads.getThreadAllocatedBytes(self);
          for (int i = 0; i < block; i++) {
            long start = System.nanoTime();
            c.run(bh);
            t[r * block + i] = System.nanoTime() - start;
          }
          bytes.merge(name, threads.getThreadAllocatedBytes(self) - allocated, Long::sum);
        }
      }
      System.out.printf("%d calls per variant, interleaved in blocks of %d%n", rounds * block, block);
      System.out.printf("%-12s %8s %8s %8s %8s %12s%n", "variant", "p10 µs", "p50 µs", "p90 µs", "p99 µs", "B/call");
      for (String n : names) {
        long[] t = nanos.get(n);
        Arrays.sort(t);
        System.out.printf("%-12s %8.1f %8.1f %8.1f %8.1f %12d%n", n, p(t, 0.10), p(t, 0.50), p(t, 0.90), p(t, 0.99),
            bytes.get(n) / t.length);
      }
    } finally {
      sdk.stop();
      governed.stop();
      intercepted.stop();
      plain.stop();
      openai.stop();
      if (noShipping != null) {
        noShipping.client.close();
        noShipping.collector.close();
        noShipping.upstream.close();
      }
    }
  }

  /**
   * With {@code -Dbench.diagnostic=true}: a Tollgate client whose usage events go to a sink that
   * drops them (the builder's package-private test hook, by reflection), to tell the usage
   * shipper's share of the overhead from the rest.
   */
  private static final class Diagnostic {
    final MockUpstream upstream = MockUpstream.start();
    final MockCollector collector = MockCollector.start(upstream.baseUrl());
    final dev.tollgate.sdk.Tollgate client;

    Diagnostic() throws ReflectiveOperationException {
      dev.tollgate.sdk.TollgateBuilder b = dev.tollgate.sdk.Tollgate.builder()
          .collectorUrl(collector.url()).clientId("tg_bench").clientSecret("bench-secret").shutdownHook(false);
      java.lang.reflect.Method sink = dev.tollgate.sdk.TollgateBuilder.class.getDeclaredMethod(
          "usageSink", dev.tollgate.sdk.internal.usage.UsageSink.class);
      sink.setAccessible(true);
      sink.invoke(b, new dev.tollgate.sdk.internal.usage.UsageSink() {
        @Override
        public void accept(dev.tollgate.sdk.internal.usage.UsageEvent event) {}

        @Override
        public void close() {}
      });
      client = b.build();
      client.chat().create(ChatFixture.TOLLGATE);
    }
  }

  private static double p(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1000.0;
  }
}
