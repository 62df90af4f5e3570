package dev.tollgate.collector.dev.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated latency, observed through an injected sleeper instead of waited for. */
class LatencyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String chat(boolean stream) throws Exception {
    Map<String, Object> request = new HashMap<>(MockClient.chat("gpt-4o-mini", "Tell me about the quarter"));
    request.put("stream", stream);
    return JSON.writeValueAsString(request);
  }

  private static MockUpstream.Call call(String latencyHeader) {
    return new MockUpstream.Call("sk-latency", latencyHeader, null, null);
  }

  @Test
  void realisticAnswerWaitsForTheFirstTokenAndTwentyMillisecondsPerFurtherChunk() throws Exception {
    MockBodies.RecordingSleeper sleeper = new MockBodies.RecordingSleeper();
    Response response = MockBodies.upstream(sleeper, Latency.REALISTIC).chatCompletions(call(null), chat(false));

    JsonNode body = JSON.readTree(MockBodies.body(response));
    int chunks = Answers.chunks(body.path("choices").get(0).path("message").path("content").asText()).size();
    assertThat(sleeper.sleeps).hasSize(1);
    Duration firstToken = sleeper.total().minusMillis(20L * (chunks - 1));
    assertThat(firstToken).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(response.getHeaderString("openai-processing-ms")).isEqualTo("" + sleeper.total().toMillis());
  }

  @Test
  void realisticStreamPacesItsChunks() throws Exception {
    MockBodies.RecordingSleeper sleeper = new MockBodies.RecordingSleeper();
    Response response = MockBodies.upstream(sleeper, Latency.REALISTIC).chatCompletions(call(null), chat(true));

    assertThat(sleeper.sleeps).isEmpty();
    List<MockClient.Sse> frames = MockClient.events(MockBodies.body(response));
    assertThat(sleeper.sleeps.get(0)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    // The role chunk and the first words go out together; every later frame waits 20 ms.
    assertThat(sleeper.sleeps.subList(1, sleeper.sleeps.size()))
        .hasSize(frames.size() - 2).containsOnly(Duration.ofMillis(20));
  }

  @Test
  void fastIsATenthOfRealistic() throws Exception {
    MockBodies.RecordingSleeper realistic = new MockBodies.RecordingSleeper();
    MockBodies.RecordingSleeper fast = new MockBodies.RecordingSleeper();
    MockBodies.body(MockBodies.upstream(realistic, Latency.REALISTIC).chatCompletions(call(null), chat(true)));
    MockBodies.body(MockBodies.upstream(fast, Latency.REALISTIC).chatCompletions(call("fast"), chat(true)));

    assertThat(fast.sleeps).hasSameSizeAs(realistic.sleeps);
    for (int i = 0; i < fast.sleeps.size(); i++) {
      assertThat(fast.sleeps.get(i).toMillis()).isEqualTo(realistic.sleeps.get(i).toMillis() / 10);
    }
  }

  @Test
  void offNeverSleepsWhetherByHeaderOrByDefault() throws Exception {
    MockBodies.RecordingSleeper byHeader = new MockBodies.RecordingSleeper();
    MockBodies.RecordingSleeper byDefault = new MockBodies.RecordingSleeper();
    MockUpstream realisticByDefault = MockBodies.upstream(byHeader, Latency.REALISTIC);
    MockUpstream offByDefault = MockBodies.upstream(byDefault, Latency.OFF);

    MockBodies.body(realisticByDefault.chatCompletions(call("off"), chat(true)));
    MockBodies.body(realisticByDefault.responses(call("OFF"),
        "{\"model\":\"gpt-4o\",\"input\":\"hi\",\"stream\":false}"));
    MockBodies.body(offByDefault.chatCompletions(call(null), chat(false)));
    MockBodies.body(offByDefault.embeddings(call(null), "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}"));

    assertThat(byHeader.sleeps).isEmpty();
    assertThat(byDefault.sleeps).isEmpty();
  }

  @Test
  void serverDefaultComesFromThePropertyThenTheEnvironmentThenIsRealistic() {
    assertThat(MockUpstreamFeature.defaultLatency("off", "fast")).isEqualTo(Latency.OFF);
    assertThat(MockUpstreamFeature.defaultLatency(null, "fast")).isEqualTo(Latency.FAST);
    assertThat(MockUpstreamFeature.defaultLatency(null, null)).isEqualTo(Latency.REALISTIC);
    assertThat(MockUpstreamFeature.defaultLatency("sometimes", null)).isEqualTo(Latency.REALISTIC);
  }

  @Test
  void settingsParse() {
    assertThat(Latency.parse("off")).contains(Latency.OFF);
    assertThat(Latency.parse(" Fast ")).contains(Latency.FAST);
    assertThat(Latency.parse("realistic")).contains(Latency.REALISTIC);
    assertThat(Latency.parse("sometimes")).isEmpty();
    assertThat(Latency.parse(null)).isEmpty();
  }
}
