package dev.tollgate.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.conformance.SpringWorld;
import dev.tollgate.sdk.FailMode;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import dev.tollgate.spring.sample.Assistant;
import dev.tollgate.spring.sample.AssistantApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.moderation.ModerationModel;
import org.springframework.ai.moderation.ModerationPrompt;
import org.springframework.ai.moderation.ModerationResponse;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a real Spring Boot application against the dev collector (a child process): the
 * application sets the three properties and no provider key, and its Spring AI call is governed,
 * metered, labelled with {@code tollgate.tags.*}, counted in its meter registry (tokens once: by
 * Spring AI's observations, not again by the SDK), and flushed when the context closes. The health
 * indicator's UP/DOWN rule is checked against the same collector.
 */
class TollgateStarterIT {

  private static ConfigurableApplicationContext start(SpringWorld.Team team, String... more) {
    return new SpringApplicationBuilder(AssistantApplication.class).web(WebApplicationType.NONE)
        .properties("tollgate.url=" + team.collectorUrl(), "tollgate.client-id=" + team.clientId(),
            "tollgate.client-secret=" + team.clientSecret(), "tollgate.tags.feature=starter-it")
        .properties(more)
        .run();
  }

  @Test
  void aSpringAiCallIsGovernedWithThreePropertiesAndNoProviderKey() {
    SpringWorld.Team team = SpringWorld.team();
    String answer;
    double successes;
    Tollgate tollgate;
    int tollgateTokenSummaries;
    double springAiInputTokens;
    try (ConfigurableApplicationContext app = start(team)) {
      answer = app.getBean(Assistant.class).ask("gpt-4o-mini", "Say hello.", 50,
          new Assistant.Labels(Map.of("Tollgate-Trace-Id", "starter-it")));
      successes = app.getBean(MeterRegistry.class).get("tollgate.calls").tag("outcome", "success").counter().count();
      tollgate = app.getBean(Tollgate.class);
      MeterRegistry registry = app.getBean(MeterRegistry.class);
      // Spring AI's observations count tokens (counters); the SDK's GenAI meters would be summaries.
      tollgateTokenSummaries = registry.find("gen_ai.client.token.usage").summaries().size();
      springAiInputTokens = registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").counter()
          .count();
      assertThat(app.getBean("tollgateHealthIndicator", HealthIndicator.class).health().getStatus())
          .isEqualTo(Status.UP);
    }

    assertThat(answer).isNotBlank();
    assertThat(SpringWorld.upstreamAuthorizations(team)).containsExactly("Bearer " + team.providerKey());
    assertThat(successes).as("tollgate.calls{outcome=success} in the application's registry").isEqualTo(1.0);
    List<JsonNode> events = SpringWorld.events(team, 1);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.path("trace_id").asText()).isEqualTo("starter-it");
      assertThat(e.path("tags").path("feature").asText()).isEqualTo("starter-it");
      assertThat(e.path("estimated").asBoolean()).isFalse();
      assertThat(springAiInputTokens).as("input tokens counted once, by Spring AI")
          .isEqualTo(e.path("prompt_tokens").asDouble());
    });
    assertThat(tollgateTokenSummaries).as("the SDK's GenAI meters are off beside Spring AI's").isZero();
    assertThatThrownBy(() -> tollgate.chat().create(ChatCompletionRequest.builder().model("gpt-4o-mini")
        .addUserMessage("after close").build())).as("the Tollgate bean was closed with the context")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void springAisModerationModelIsGovernedToo() {
    SpringWorld.Team team = SpringWorld.team();
    ModerationResponse response;
    try (ConfigurableApplicationContext app = start(team)) {
      response = app.getBean(ModerationModel.class).call(new ModerationPrompt("Is this text fine?"));
    }

    assertThat(response.getResults()).isNotEmpty();
    assertThat(SpringWorld.upstreamAuthorizations(team)).containsExactly("Bearer " + team.providerKey());
    assertThat(SpringWorld.events(team, 1)).singleElement()
        .satisfies(e -> assertThat(e.path("endpoint").asText()).isEqualTo("/v1/moderations"));
  }

  private static TollgateProperties properties(SpringWorld.Team team, String secret, FailMode failMode) {
    TollgateProperties p = new TollgateProperties();
    p.setUrl(team.linkedUrl());
    p.setClientId(team.clientId());
    p.setClientSecret(secret);
    p.setFailMode(failMode);
    return p;
  }

  @Test
  void healthIsDownOnlyWhenCallsWouldBeRefused() {
    SpringWorld.Team team = SpringWorld.team();

    Health good = new TollgateHealthIndicator(properties(team, team.clientSecret(), FailMode.OPEN)).health();
    Health refused = new TollgateHealthIndicator(properties(team, "not-the-secret", FailMode.OPEN)).health();
    Health unreachableOpen;
    Health unreachableClosed;
    SpringWorld.collectorDown();
    try {
      unreachableOpen = new TollgateHealthIndicator(properties(team, team.clientSecret(), FailMode.OPEN)).health();
      unreachableClosed = new TollgateHealthIndicator(properties(team, team.clientSecret(), FailMode.CLOSED)).health();
    } finally {
      SpringWorld.collectorUp();
    }

    assertThat(good.getStatus()).isEqualTo(Status.UP);
    assertThat(good.getDetails()).containsEntry("team", team.teamId());
    assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
    assertThat(refused.getDetails()).containsEntry("credentials", "refused");
    assertThat(unreachableOpen.getStatus()).as("fail mode open admits calls").isEqualTo(Status.UP);
    assertThat(unreachableOpen.getDetails()).containsEntry("collector", "unreachable");
    assertThat(unreachableClosed.getStatus()).as("fail mode closed refuses calls").isEqualTo(Status.DOWN);
    assertThat(List.of(good, refused, unreachableOpen, unreachableClosed).toString())
        .doesNotContain(team.clientSecret());
  }
}
