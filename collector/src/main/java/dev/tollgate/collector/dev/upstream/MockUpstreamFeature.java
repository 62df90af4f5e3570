package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulated OpenAI-compatible upstream that dev mode serves at /mock/v1; see docs/mock-upstream.md. */
public final class MockUpstreamFeature {

  /** System property that sets the default latency, ahead of the configuration ({@value Latency#ENV} in dev). */
  public static final String LATENCY_PROPERTY = "tollgate.mock.latency";

  private static final Logger LOG = LoggerFactory.getLogger(MockUpstreamFeature.class);
  private static final int PROMPT_CACHE_ENTRIES = 50_000;
  private static final long FAILURE_SEED = 42L;

  private MockUpstreamFeature() {}

  /**
   * Registers the simulated upstream; {@code configuredLatency} is the configuration's
   * ({@code TOLLGATE_MOCK_LATENCY} under {@code dev}), empty for the default.
   */
  public static void register(Environment environment, Clock clock, String configuredLatency) {
    Latency latency = defaultLatency(System.getProperty(LATENCY_PROPERTY),
        configuredLatency == null || configuredLatency.isBlank() ? null : configuredLatency);
    LOG.info("Simulated OpenAI upstream at /mock/v1 (Azure OpenAI at /mock/azure), latency {}", latency.name().toLowerCase(java.util.Locale.ROOT));
    ObjectMapper json = new ObjectMapper();
    MockUpstream upstream = upstream(json, clock, Sleeper.SYSTEM, latency);
    environment.jersey().register(new MockUpstreamResource(upstream));
    MockEntra entra = new MockEntra(clock);
    environment.jersey().register(new MockAzureResource(upstream, entra));
    environment.jersey().register(entra);
    MockOrganization organization = new MockOrganization(clock);
    environment.jersey().register(new MockAdminResource(organization));
    environment.jersey().register(new MockAuthFilter(json, organization));
    environment.jersey().register(new UnbufferedStreams());
  }

  /** The server-wide latency: the system property if set, else the configured one, else realistic. */
  static Latency defaultLatency(String property, String configured) {
    String setting = property != null ? property : configured;
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
