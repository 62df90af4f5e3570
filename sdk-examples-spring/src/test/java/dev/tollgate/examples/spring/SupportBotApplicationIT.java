package dev.tollgate.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.conformance.ExampleWorld;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the example as its README says, with the three properties of a client of the collector
 * in dev mode (a separate process): it prints an answer, and the collector metered the call with
 * the tag of {@code application.properties}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SupportBotApplicationIT {

  @Test
  void theExampleAnswersAndItsCallIsMetered(CapturedOutput output) {
    ExampleWorld.Team team = ExampleWorld.team();

    try (ConfigurableApplicationContext app = SpringApplication.run(SupportBotApplication.class,
        "Where is my order?", "--tollgate.url=" + team.collectorUrl(), "--tollgate.client-id=" + team.clientId(),
        "--tollgate.client-secret=" + team.clientSecret())) {
      assertThat(app.isActive()).isTrue();
    }

    assertThat(output.getOut()).containsPattern("Answer: \\S+");
    List<JsonNode> events = ExampleWorld.events(team, 1);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.path("model").asText()).startsWith("gpt-4o-mini");
      assertThat(e.path("tags").path("feature").asText()).isEqualTo("support-bot");
      assertThat(e.path("estimated").asBoolean()).isFalse();
    });
    assertThat(output.getAll()).doesNotContain(team.clientSecret());
  }
}
