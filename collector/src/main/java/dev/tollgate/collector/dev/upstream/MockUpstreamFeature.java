package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.common.FeatureContext;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated OpenAI-compatible upstream that dev mode serves at /mock/v1; see docs/mock-upstream.md. */
public final class MockUpstreamFeature {

  /** System property that sets the default latency, ahead of the {@value Latency#ENV} environment variable. */
  public static final String LATENCY_PROPERTY = "tollgate.mock.latency";

  private static final Logger LOG = LoggerFactory.getLogger(MockUpstreamFeature.class);
  private static final int PROMPT_CACHE_ENTRIES = 50_000;
  private static final long FAILURE_SEED = 42L;

  private MockUpstreamFeature() {}

  /** Registers this feature's resources and managed objects. */
  public static void register(FeatureContext context) {
    Latency latency = defaultLatency(System.getProperty(LATENCY_PROPERTY), System.getenv(Latency.ENV));
    LOG.info("Simulated OpenAI upstream at /mock/v1, latency {}", latency.name().toLowerCase(java.util.Locale.ROOT));
    ObjectMapper json = new ObjectMapper();
    MockUpstream upstream = upstream(json, context.clock(), Sleeper.SYSTEM, latency);
    context.environment().jersey().register(new MockUpstreamResource(upstream));
    context.environment().jersey().register(new MockAuthFilter(json));
    context.environment().jersey().register(new UnbufferedStreams());
  }

  /** The server-wide latency: the system property if set, else the environment variable, else realistic. */
  static Latency defaultLatency(String property, String environment) {
    String setting = property != null ? property : environment;
    Optional<Latency> latency = Latency.parse(setting);
    if (setting != null && latency.isEmpty()) {
      LOG.warn("Ignoring mock latency setting '{}': expected off, fast or realistic", setting);
    }
    return latency.orElse(Latency.REALISTIC);
  }

  /** The upstream with its collaborators; tests build one with their own sleeper. */
  static MockUpstream upstream(ObjectMapper json, Clock clock, Sleeper sleeper, Latency latency) {
    return new MockUpstream(json, clock, sleeper, latency,
        new Generator(new TokenCounter(), new PromptCache(PROMPT_CACHE_ENTRIES)), new FailurePlan(FAILURE_SEED));
  }
}
