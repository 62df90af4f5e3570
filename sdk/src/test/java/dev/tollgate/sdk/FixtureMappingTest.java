package dev.tollgate.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.embeddings.EmbeddingResponse;
import dev.tollgate.sdk.internal.engine.ChatStreamDecoder;
import dev.tollgate.sdk.internal.engine.ResponseStreamDecoder;
import dev.tollgate.sdk.internal.engine.StreamDecoder;
import dev.tollgate.sdk.internal.json.Json;
import dev.tollgate.sdk.internal.metering.UsageMapper;
import dev.tollgate.sdk.internal.upstream.SseEvent;
import dev.tollgate.sdk.internal.upstream.SseReader;
import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.models.ModelList;
import dev.tollgate.sdk.moderations.ModerationResponse;
import dev.tollgate.sdk.responses.Response;
import dev.tollgate.sdk.responses.ResponseStreamEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every fixture parses into the typed model, keeps what it does not name, and maps its usage. */
class FixtureMappingTest {

  private final ObjectMapper mapper = Json.mapper();

  @Test
  void chatCompletionUsageMapsEveryDetail() throws IOException {
    ChatCompletion c = mapper.readValue(Fixtures.read("chat-completion.json"), ChatCompletion.class);
    assertThat(UsageMapper.fromChat(c.usage())).isEqualTo(new UsageEvent.Usage(1200, 1024, 0, 0, 300, 0, 0, false));
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
    dev.tollgate.sdk.chat.CompletionUsage u = mapper.readValue(json, dev.tollgate.sdk.chat.CompletionUsage.class);
    assertThat(UsageMapper.fromChat(u)).isEqualTo(new UsageEvent.Usage(100, 10, 20, 30, 50, 40, 5, false));
  }

  @Test
  void responsesUsageMapsInputAndOutputTokens() throws IOException {
    Response r = mapper.readValue(Fixtures.read("responses.json"), Response.class);
    assertThat(UsageMapper.fromResponses(r.usage())).isEqualTo(new UsageEvent.Usage(100, 0, 0, 0, 500, 400, 0, false));
    assertThat(r.outputText()).isEqualTo("The invoice total is 4,212.50 EUR.");
    assertThat(r.model()).isEqualTo("o3-mini-2025-01-31");
    assertThat(r.additionalProperties()).containsKeys("reasoning", "text", "tool_choice").containsEntry("user", null);
  }

  @Test
  void embeddingsUsageHasPromptTokensOnly() throws IOException {
    EmbeddingResponse r = mapper.readValue(Fixtures.read("embeddings.json"), EmbeddingResponse.class);
    assertThat(UsageMapper.fromEmbeddings(r.usage())).isEqualTo(new UsageEvent.Usage(16, 0, 0, 0, 0, 0, 0, false));
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

  private static <T> List<T> decodeAll(String fixture, StreamDecoder<T> decoder) throws IOException {
    SseReader reader = new SseReader(new Buffer().writeUtf8(Fixtures.read(fixture)));
    List<T> items = new ArrayList<>();
    for (SseEvent e = reader.next(); e != null && !e.isDone(); e = reader.next()) {
      T item = decoder.decode(e);
      if (item != null) {
        items.add(item);
      }
    }
    return items;
  }

  @Test
  void chatStreamUsageChunkIsMappedAndHidden() throws IOException {
    ChatStreamDecoder d = new ChatStreamDecoder(true);
    List<ChatCompletionChunk> chunks = decodeAll("chat-completion-stream.sse", d);
    assertThat(chunks).hasSize(5);
    assertThat(d.usage()).isEqualTo(new UsageEvent.Usage(19, 0, 0, 0, 7, 0, 0, false));
    assertThat(d.outputText().toString()).isEqualTo("Hello! How can I help?");
  }

  @Test
  void chatStreamWithoutUsageHasNone() throws IOException {
    ChatStreamDecoder d = new ChatStreamDecoder(true);
    assertThat(decodeAll("chat-completion-stream-no-usage.sse", d)).hasSize(3);
    assertThat(d.usage()).isNull();
    assertThat(decodeAll("chat-completion-stream-broken.sse", new ChatStreamDecoder(true))).hasSize(2);
  }

  @Test
  void responsesStreamTakesUsageFromTheCompletedEvent() throws IOException {
    ResponseStreamDecoder d = new ResponseStreamDecoder();
    List<ResponseStreamEvent> events = decodeAll("responses-stream.sse", d);
    assertThat(events.get(0).type()).isEqualTo("response.created");
    assertThat(events).filteredOn(e -> e.outputTextDelta().isPresent()).hasSize(2);
    assertThat(d.complete()).isTrue();
    assertThat(d.usage()).isNotNull();
    assertThat(d.usage().estimated()).isFalse();
    assertThat(d.model()).isEqualTo("gpt-4.1-mini-2025-04-14");
    assertThat(d.outputText().toString()).isEqualTo("Hello from the Responses API.");
  }
}
