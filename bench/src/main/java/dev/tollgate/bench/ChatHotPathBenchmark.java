package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.Attempt;
import dev.tollgate.sdk.internal.metering.CallMetadata;
import dev.tollgate.sdk.internal.metering.MeteredCall;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.metering.UsageRecorder;
import dev.tollgate.sdk.internal.tokens.TokenEstimator;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.internal.usage.UsageSink;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SDK's per-call CPU work for the request of {@link ChatCallBenchmark}, step by step and
 * without the network, next to what the plain-OkHttp baseline does instead: token estimation
 * (JTokkit), request serialisation (SDK records vs a map), response parsing (SDK records vs a
 * Jackson tree) and building the usage event (its id, random like {@code randomUuid}, and a clock
 * read) for a no-op sink.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ChatHotPathBenchmark {

  private static final UsageSink NO_OP = new UsageSink() {
    @Override
    public void accept(UsageEvent event) {}

    @Override
    public void close() {}
  };

  private static final String LONG_TEXT = (ChatFixture.USER + "\n").repeat(12);

  private TokenEstimator estimator;
  private UsageRecorder recorder;
  private CallMetadata meta;
  private ChatCompletion completion;
  private JsonNode usage;

  @Setup
  public void setUp() throws IOException {
    estimator = new TokenEstimator(1024);
    estimator.warmUp();
    recorder = new UsageRecorder(NO_OP, Clock.systemUTC());
    meta = new CallMetadata(null, null, Map.of());
    completion = Json.mapper().readValue(MockUpstream.CHAT_COMPLETION, ChatCompletion.class);
    usage = Json.mapper().readTree(MockUpstream.CHAT_COMPLETION).get("usage");
  }

  /** The SDK's admission estimate: prompt tokens with the model's encoding plus the output limit. */
  @Benchmark
  public long sdkEstimateTokens() {
    return estimator.estimate(ChatFixture.TOLLGATE);
  }

  /** The user message alone with {@code o200k_base} (the gpt-4o family's encoding, as in the estimate). */
  @Benchmark
  public long countO200k() {
    return estimator.count("gpt-4o-mini", ChatFixture.USER);
  }

  /** Twelve times the user message (about 1,000 tokens, the size of the fixture's 1,200-token prompt). */
  @Benchmark
  public long countO200kLong() {
    return estimator.count("gpt-4o-mini", LONG_TEXT);
  }

  /** The same text with {@code cl100k_base} (gpt-4, gpt-3.5), for comparison. */
  @Benchmark
  public long countCl100k() {
    return estimator.count("gpt-4", ChatFixture.USER);
  }

  @Benchmark
  public byte[] sdkSerialiseRequest() throws IOException {
    return Json.mapper().writeValueAsBytes(ChatFixture.TOLLGATE);
  }

  @Benchmark
  public byte[] plainSerialiseMap() throws IOException {
    return ChatFixture.MAPPER.writeValueAsBytes(ChatFixture.MAP);
  }

  @Benchmark
  public ChatCompletion sdkParseResponse() throws IOException {
    return Json.mapper().readValue(MockUpstream.CHAT_COMPLETION, ChatCompletion.class);
  }

  @Benchmark
  public JsonNode plainParseTree() throws IOException {
    return ChatFixture.MAPPER.readTree(MockUpstream.CHAT_COMPLETION);
  }

  /** The usage event of a successful call, handed to a sink that drops it. */
  @Benchmark
  public void sdkRecordUsage() {
    recorder.record(new MeteredCall("/v1/chat/completions", "POST", ChatFixture.MODEL, false, "lease-bench", meta),
        Attempt.answered(200, 812_000_000L, completion.model(), null, UsageMapper.fromJson(usage)));
  }

  @Benchmark
  public UUID randomUuid() {
    return UUID.randomUUID();
  }
}
