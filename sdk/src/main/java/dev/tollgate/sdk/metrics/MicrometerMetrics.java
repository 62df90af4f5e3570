package dev.tollgate.sdk.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The SDK's meters in a Micrometer {@link MeterRegistry}:
 * <ul>
 *   <li>{@code tollgate.calls{outcome}}: calls by outcome: {@code success}, {@code error},
 *       {@code failed} (one per upstream attempt), {@code refused}, {@code unavailable};</li>
 *   <li>{@code tollgate.usage.spooled}: usage events written to the disk spool because the
 *       collector could not take them at once;</li>
 *   <li>{@code tollgate.quota.remaining{unit}}: what the client's quota leases have left;</li>
 *   <li>the OpenTelemetry GenAI client meters {@code gen_ai.client.token.usage} and
 *       {@code gen_ai.client.operation.duration}, unless {@link Builder#genAiMeters(boolean)}
 *       turns them off (as a Spring AI application whose observations already record them
 *       should, so that tokens are not counted twice).</li>
 * </ul>
 * Needs {@code io.micrometer:micrometer-core} on the classpath; the SDK itself does not.
 */
public final class MicrometerMetrics implements TollgateMetrics {

  /** OpenTelemetry's GenAI semantic conventions name the API family, not the host. */
  private static final String PROVIDER = "openai";

  private final MeterRegistry registry;
  private final boolean genAi;
  // Micrometer holds a gauge's object weakly: the sources live as long as this sink, i.e. the client.
  private volatile LongSupplier spooled = () -> 0;
  private volatile ToDoubleFunction<String> remaining = unit -> Double.NaN;

  private MicrometerMetrics(MeterRegistry registry, boolean genAi) {
    this.registry = registry;
    this.genAi = genAi;
  }

  /** Meters in {@code registry}, GenAI meters included. */
  public static MicrometerMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /** A builder for meters in {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  /** Options of {@link MicrometerMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private boolean genAi = true;

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /**
     * Whether to record {@code gen_ai.client.token.usage} and {@code gen_ai.client.operation.duration}
     * (default true). Turn off where another instrumentation, such as Spring AI's chat model
     * observations, already records them for the same calls.
     */
    public Builder genAiMeters(boolean record) {
      this.genAi = record;
      return this;
    }

    /** The metrics sink to give {@code TollgateBuilder.metrics}. */
    public MicrometerMetrics build() {
      return new MicrometerMetrics(registry, genAi);
    }
  }

  @Override
  public void callEnded(CallMeasurement call) {
    calls(call.outcome()).increment();
    if (!genAi) {
      return;
    }
    Tags tags = genAiTags(call.endpoint(), call.requestModel(), call.responseModel());
    Timer.builder("gen_ai.client.operation.duration")
        .description("GenAI operation duration")
        .tags(call.outcome().equals("success") ? tags : tags.and("error.type", errorType(call)))
        .register(registry)
        .record(Duration.ofNanos(call.durationNanos()));
    if (call.inputTokens() >= 0) {
      tokens(tags, "input").record(call.inputTokens());
    }
    if (call.outputTokens() >= 0) {
      tokens(tags, "output").record(call.outputTokens());
    }
  }

  @Override
  public void callRefused(String endpoint, String model, String outcome) {
    calls(outcome).increment();
  }

  @Override
  public void bind(LongSupplier spooledEvents, ToDoubleFunction<String> quotaRemaining) {
    this.spooled = Objects.requireNonNull(spooledEvents, "spooledEvents");
    this.remaining = Objects.requireNonNull(quotaRemaining, "quotaRemaining");
    FunctionCounter.builder("tollgate.usage.spooled", this, m -> m.spooled.getAsLong())
        .description("Usage events written to the local spool because the collector could not take them at once")
        .baseUnit("events")
        .register(registry);
    for (String unit : List.of("tokens", "requests", "cost")) {
      Gauge.builder("tollgate.quota.remaining", this, m -> m.remaining.applyAsDouble(unit))
          .description("What the client's quota leases have left")
          .tag("unit", unit)
          .register(registry);
    }
  }

  private Counter calls(String outcome) {
    return Counter.builder("tollgate.calls")
        .description("LLM calls through Tollgate, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private DistributionSummary tokens(Tags tags, String type) {
    return DistributionSummary.builder("gen_ai.client.token.usage")
        .description("Measures number of input and output tokens used")
        .baseUnit("{token}")
        .tags(tags.and("gen_ai.token.type", type))
        .register(registry);
  }

  private static Tags genAiTags(String endpoint, String requestModel, String responseModel) {
    Tags tags = Tags.of("gen_ai.operation.name", operation(endpoint), "gen_ai.provider.name", PROVIDER,
        "gen_ai.request.model", requestModel == null ? "" : requestModel);
    return responseModel == null ? tags : tags.and("gen_ai.response.model", responseModel);
  }

  private static String errorType(CallMeasurement call) {
    if (call.errorType() != null) {
      return call.errorType();
    }
    return call.status() == 0 ? "connection" : Integer.toString(call.status());
  }

  /** OpenTelemetry's {@code gen_ai.operation.name} for a metered endpoint. */
  static String operation(String endpoint) {
    return switch (endpoint) {
      case "/v1/chat/completions", "/v1/responses" -> "chat";
      case "/v1/completions" -> "text_completion";
      case "/v1/embeddings" -> "embeddings";
      default -> endpoint.substring(endpoint.lastIndexOf('/') + 1);
    };
  }
}
