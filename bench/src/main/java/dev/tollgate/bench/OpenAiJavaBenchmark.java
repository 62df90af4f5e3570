package dev.tollgate.bench;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import dev.tollgate.openai.TollgateOpenAI;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What Tollgate adds to an openai-java call: the same {@code ChatCompletionCreateParams} sent by
 * the same openai-java version to the same kind of local mock ({@link MockUpstream}), once with
 * openai-java's own OkHttp client ({@link #openAiJava}) and once through
 * {@link TollgateOpenAI#client} on a warm {@code Tollgate} ({@link #governedOpenAiJava}: local
 * admission, leased key and base URL, metering, a usage event shipped in the background to a
 * {@link MockCollector} in this JVM). Single caller thread; each variant has its own mock.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class OpenAiJavaBenchmark {

  /** openai-java governed by a Tollgate with credentials and a quota lease already fetched. */
  @State(Scope.Benchmark)
  public static class Governed {
    final ChatCallBenchmark.TollgateSdk tollgate = new ChatCallBenchmark.TollgateSdk();
    OpenAIClient client;

    @Setup(Level.Trial)
    public void start() throws IOException {
      tollgate.start();
      client = TollgateOpenAI.client(tollgate.client);
    }

    @TearDown(Level.Trial)
    public void stop() {
      client.close();
      tollgate.stop();
    }
  }

  @Benchmark
  public void openAiJava(ChatCallBenchmark.OpenAiJava s, Blackhole bh) {
    read(s.client, bh);
  }

  @Benchmark
  public void governedOpenAiJava(Governed s, Blackhole bh) {
    read(s.client, bh);
  }

  private static void read(OpenAIClient client, Blackhole bh) {
    ChatCompletion c = client.chat().completions().create(ChatFixture.OPENAI);
    bh.consume(c.choices().get(0).message().content().orElseThrow());
    bh.consume(c.usage().orElseThrow().promptTokens());
  }
}
