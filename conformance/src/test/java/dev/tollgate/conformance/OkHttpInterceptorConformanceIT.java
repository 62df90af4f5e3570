package dev.tollgate.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.Tollgate;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The conformance suite against {@link Tollgate#okHttpInterceptor()}: a hand-written OpenAI client on
 * OkHttp, configured with OpenAI's URL and a key of its own, labelling calls with the
 * {@code Tollgate-*} headers.
 */
class OkHttpInterceptorConformanceIT extends ConformanceSuite {

  @Override
  protected ClientUnderTest client(Tollgate tollgate, Application application) {
    OkHttpClient http = application.okHttpClient().newBuilder().addInterceptor(tollgate.okHttpInterceptor()).build();
    return new RawOpenAiClient(http, application.apiKey());
  }

  /** The OpenAI wire format by hand, as many applications write it. */
  static final class RawOpenAiClient implements ClientUnderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final String BASE = "https://api.openai.com/v1/";

    private final OkHttpClient http;
    private final String apiKey;

    RawOpenAiClient(OkHttpClient http, String apiKey) {
      this.http = http;
      this.apiKey = apiKey;
    }

    private Request request(String path, Call call, JsonNode body) {
      Request.Builder r = new Request.Builder().url(BASE + path).header("Authorization", "Bearer " + apiKey)
          .post(RequestBody.create(body.toString(), JSON_TYPE));
      RequestOptions.builder().traceId(call.traceId()).endUser(call.endUser()).tags(call.tags()).build()
          .toHeaders().forEach(r::header);
      return r.build();
    }

    private static ObjectNode chatBody(Call call) {
      ObjectNode body = JSON.createObjectNode().put("model", call.model()).put("max_tokens", call.maxTokens());
      body.putArray("messages").addObject().put("role", "user").put("content", call.prompt());
      return body;
    }

    private JsonNode send(Request request) throws IOException {
      try (Response r = http.newCall(request).execute()) {
        if (!r.isSuccessful()) {
          throw new IOException("HTTP " + r.code() + ": " + r.body().string());
        }
        return JSON.readTree(r.body().bytes());
      }
    }

    private static String text(JsonNode completion) {
      return completion.path("choices").path(0).path("message").path("content").asText("");
    }

    @Override
    public String chat(Call call) throws IOException {
      return text(send(request("chat/completions", call, chatBody(call))));
    }

    @Override
    public String chatStream(Call call) throws IOException {
      StringBuilder text = new StringBuilder();
      try (Response r = http.newCall(request("chat/completions", call, chatBody(call).put("stream", true))).execute()) {
        BufferedSource source = r.body().source();
        for (String line; (line = source.readUtf8Line()) != null; ) {
          if (line.startsWith("data: {")) {
            text.append(JSON.readTree(line.substring(6)).path("choices").path(0).path("delta").path("content").asText(""));
          }
        }
      }
      return text.toString();
    }

    @Override
    public ToolRoundTrip toolRoundTrip(Call call) throws IOException {
      ObjectNode ask = chatBody(call);
      ask.putArray("tools").add(JSON.readTree(WEATHER_TOOL));
      JsonNode asked = send(request("chat/completions", call, ask)).path("choices").path(0).path("message");
      JsonNode toolCall = asked.path("tool_calls").path(0);
      ObjectNode answer = ask.deepCopy();
      ArrayNode messages = (ArrayNode) answer.path("messages");
      messages.add(asked);
      messages.addObject().put("role", "tool").put("tool_call_id", toolCall.path("id").asText())
          .put("content", WEATHER_RESULT);
      String text = text(send(request("chat/completions", call, answer)));
      return new ToolRoundTrip(toolCall.path("function").path("name").asText(),
          toolCall.path("function").path("arguments").asText(), text);
    }

    @Override
    public String structured(Call call) throws IOException {
      ObjectNode body = chatBody(call);
      body.putObject("response_format").put("type", "json_schema").putObject("json_schema").put("name", "invoice")
          .put("strict", true).set("schema", JSON.readTree(INVOICE_SCHEMA));
      return text(send(request("chat/completions", call, body)));
    }

    @Override
    public int embed(Call call, List<String> inputs) throws IOException {
      ObjectNode body = JSON.createObjectNode().put("model", call.model());
      inputs.forEach(body.putArray("input")::add);
      return send(request("embeddings", call, body)).path("data").size();
    }

    @Override
    public Running streamUntilFirstChunk(Call call) throws IOException {
      okhttp3.Call c = http.newCall(request("chat/completions", call, chatBody(call).put("stream", true)));
      Response r = c.execute();
      r.body().source().readUtf8Line();
      return () -> {
        c.cancel();
        r.close();
      };
    }

    @Override
    public Running chatAsync(Call call) {
      okhttp3.Call c = http.newCall(request("chat/completions", call, chatBody(call)));
      CompletableFuture<Void> done = new CompletableFuture<>();
      c.enqueue(new Callback() {
        @Override
        public void onFailure(okhttp3.Call call, IOException e) {
          done.completeExceptionally(e);
        }

        @Override
        public void onResponse(okhttp3.Call call, Response response) {
          response.close();
          done.complete(null);
        }
      });
      return c::cancel;
    }
  }
}
