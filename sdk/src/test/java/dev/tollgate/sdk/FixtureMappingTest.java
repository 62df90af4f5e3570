package dev.tollgate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.embeddings.EmbeddingResponse;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.models.ModelList;
import dev.tollgate.sdk.moderations.ModerationResponse;
import dev.tollgate.sdk.responses.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every fixture parses into the typed model, keeps what it does not name, and maps its usage (streams: MeteredSseTest). */
class FixtureMappingTest {

  private final ObjectMapper mapper = Json.mapper();

  @Test
  void chatCompletionUsageMapsEveryDetail() throws IOException {
    ChatCompletion c = mapper.readValue(Fixtures.read("chat-completion.json"), ChatCompletion.class);
    assertThat(UsageMapper.fromJson(mapper.readTree(Fixtures.read("chat-completion.json")).get("usage"))).isEqualTo(new UsageEvent.Usage(1200, 1024, 0, 0, 300, 0, 0, false));
    assertThat(c.additionalProperties()).containsEntry("service_tier", "default");
    assertThat(c.choices().get(0).additionalProperties()).containsEntry("logprobs", null);
    // unknown fields keep their explicit nulls on the way out, too
    assertThat(mapper.writeValueAsString(c)).contains("\"logprobs\":null", "\"refusal\":null");
  }

  @Test
  void chatUsageDetailsAreMappedToTheirElements() throws IOException {
    String json = "{\"prompt_tokens\":100,\"completion_tokens\":50,\"total_tokens\":150,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":10,\"cache_write_tokens\":20,\"audio_tokens\":30},"
        + "\"completion_tokens_details\":{\"reasoning_tokens\":40,\"audio_tokens\":5}}";
    assertThat(UsageMapper.fromJson(mapper.readTree(json))).isEqualTo(new UsageEvent.Usage(100, 10, 20, 30, 50, 40, 5, false));
  }

  @Test
  void responsesUsageMapsInputAndOutputTokens() throws IOException {
    Response r = mapper.readValue(Fixtures.read("responses.json"), Response.class);
    assertThat(UsageMapper.fromJson(mapper.readTree(Fixtures.read("responses.json")).get("usage"))).isEqualTo(new UsageEvent.Usage(100, 0, 0, 0, 500, 400, 0, false));
    assertThat(r.outputText()).isEqualTo("The invoice total is 4,212.50 EUR.");
    assertThat(r.model()).isEqualTo("o3-mini-2025-01-31");
    assertThat(r.additionalProperties()).containsKeys("reasoning", "text", "tool_choice").containsEntry("user", null);
  }

  @Test
  void embeddingsUsageHasPromptTokensOnly() throws IOException {
    EmbeddingResponse r = mapper.readValue(Fixtures.read("embeddings.json"), EmbeddingResponse.class);
    assertThat(UsageMapper.fromJson(mapper.readTree(Fixtures.read("embeddings.json")).get("usage"))).isEqualTo(new UsageEvent.Usage(16, 0, 0, 0, 0, 0, 0, false));
    assertThat(r.data()).hasSize(2);
    assertThat(r.data().get(0).vector()).hasSize(8);
  }

  @Test
  void moderationsCarryNoUsageAndModelsParse() throws IOException {
    ModerationResponse m = mapper.readValue(Fixtures.read("moderations.json"), ModerationResponse.class);
    assertThat(m.results().get(0).flagged()).isFalse();
    assertThat(m.results().get(0).categories()).containsEntry("hate", false);
    assertThat(m.additionalProperties()).doesNotContainKey("usage");
    ModelList models = mapper.readValue(Fixtures.read("models.json"), ModelList.class);
    assertThat(models.data()).extracting(dev.tollgate.sdk.models.Model::id).contains("gpt-4o-mini", "o3-mini");
  }

  @ParameterizedTest
  @CsvSource({"chat-completion.json, dev.tollgate.sdk.chat.ChatCompletion",
      "responses.json, dev.tollgate.sdk.responses.Response",
      "embeddings.json, dev.tollgate.sdk.embeddings.EmbeddingResponse",
      "moderations.json, dev.tollgate.sdk.moderations.ModerationResponse",
      "models.json, dev.tollgate.sdk.models.ModelList"})
  void everyFixtureRoundTripsWithoutLosingAField(String fixture, String type) throws Exception {
    JsonNode original = mapper.readTree(Fixtures.read(fixture));
    Object typed = mapper.treeToValue(original, Class.forName(type));
    JsonNode again = mapper.valueToTree(typed);
    assertThat(withoutNulls(again)).isEqualTo(withoutNulls(original));
  }

  /** The SDK leaves out named fields that are null; unknown nulls are kept. Compare without nulls. */
  private static JsonNode withoutNulls(JsonNode node) {
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode o = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
      List<String> nulls = new ArrayList<>();
      o.properties().forEach(e -> {
        if (e.getValue().isNull()) {
          nulls.add(e.getKey());
        } else {
          o.set(e.getKey(), withoutNulls(e.getValue()));
        }
      });
      o.remove(nulls);
      return o;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode a = Json.mapper().createArrayNode();
      node.forEach(n -> a.add(withoutNulls(n)));
      return a;
    }
    if (node.isNumber()) {
      return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(node.decimalValue().stripTrailingZeros());
    }
    return node;
  }
}
