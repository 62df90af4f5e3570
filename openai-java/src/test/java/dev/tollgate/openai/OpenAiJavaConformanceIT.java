package dev.tollgate.openai;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.Timeout;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.tollgate.conformance.Application;
import dev.tollgate.conformance.ClientUnderTest;
import dev.tollgate.conformance.ConformanceSuite;
import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.Tollgate;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The conformance suite through openai-java, written as OpenAI documents it: the synchronous
 * client from {@link TollgateOpenAI#client(Tollgate)} (plain, streamed, a typed tool round trip
 * with a record, a structured output read into a record, embeddings) and the asynchronous one from
 * {@link TollgateOpenAI#clientAsync(Tollgate)}. The application also sets an OpenAI key of its
 * own with {@code withOptions}, which must never reach the provider, and its read timeout, which
 * applies to the governed call; calls are labelled with {@code putAdditionalHeader}.
 */
class OpenAiJavaConformanceIT extends ConformanceSuite {

  @Override
  protected ClientUnderTest client(Tollgate tollgate, Application application) {
    Timeout timeout = Timeout.builder().read(application.readTimeout()).build();
    return new OpenAiJavaClient(
        TollgateOpenAI.client(tollgate).withOptions(o -> o.apiKey(application.apiKey()).timeout(timeout)),
        TollgateOpenAI.clientAsync(tollgate).withOptions(o -> o.apiKey(application.apiKey()).timeout(timeout)));
  }

  /** {@link ClientUnderTest#WEATHER_TOOL} as openai-java's typed tool: the schema comes from the record. */
  @JsonTypeName("get_weather")
  @JsonClassDescription("The current weather in a city")
  record GetWeather(@JsonPropertyDescription("the city") String city, @JsonPropertyDescription("the unit") Unit unit) {}

  /** The tool's units, lower case as the tool names them. */
  enum Unit { celsius, fahrenheit }

  /** {@link ClientUnderTest#INVOICE_SCHEMA} as a record openai-java derives the schema from and reads into. */
  record Invoice(String customer, BigDecimal total, boolean paid) {}

  /** Calls as an application using openai-java makes them. */
  static final class OpenAiJavaClient implements ClientUnderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAIClient openai;
    private final OpenAIClientAsync async;

    OpenAiJavaClient(OpenAIClient openai, OpenAIClientAsync async) {
      this.openai = openai;
      this.async = async;
    }

    private static ChatCompletionCreateParams.Builder params(Call call) {
      ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
          .model(call.model()).maxCompletionTokens(call.maxTokens()).addUserMessage(call.prompt());
      labels(call).forEach(b::putAdditionalHeader);
      return b;
    }

    private static Map<String, String> labels(Call call) {
      return RequestOptions.builder().traceId(call.traceId()).endUser(call.endUser()).tags(call.tags()).build()
          .toHeaders();
    }

    private static String text(ChatCompletion c) {
      return c.choices().get(0).message().content().orElse("");
    }

    @Override
    public String chat(Call call) {
      return text(openai.chat().completions().create(params(call).build()));
    }

    @Override
    public String chatStream(Call call) {
      try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params(call).build())) {
        return stream.stream().flatMap(chunk -> chunk.choices().stream())
            .map(choice -> choice.delta().content().orElse(""))
            .collect(Collectors.joining());
      }
    }

    @Override
    public ToolRoundTrip toolRoundTrip(Call call) throws Exception {
      ChatCompletionCreateParams.Builder conversation = params(call).addTool(GetWeather.class);
      ChatCompletionMessage asked = openai.chat().completions().create(conversation.build()).choices().get(0).message();
      ChatCompletionMessageFunctionToolCall toolCall = asked.toolCalls().orElseThrow().get(0).asFunction();
      GetWeather arguments = toolCall.function().arguments(GetWeather.class);
      conversation.addMessage(asked).addMessage(ChatCompletionToolMessageParam.builder()
          .toolCallId(toolCall.id()).content(WEATHER_RESULT).build());
      String answer = text(openai.chat().completions().create(conversation.build()));
      return new ToolRoundTrip(toolCall.function().name(), JSON.writeValueAsString(arguments), answer);
    }

    @Override
    public String structured(Call call) throws Exception {
      StructuredChatCompletionCreateParams<Invoice> params = params(call).responseFormat(Invoice.class).build();
      Invoice invoice = openai.chat().completions().create(params).choices().get(0).message().content().orElseThrow();
      return JSON.writeValueAsString(invoice);
    }

    @Override
    public int embed(Call call, List<String> inputs) {
      EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model(call.model())
          .inputOfArrayOfStrings(inputs);
      labels(call).forEach(params::putAdditionalHeader);
      return openai.embeddings().create(params.build()).data().size();
    }

    /** Read until the first chunk, then closed as openai-java documents cancelling a stream. */
    @Override
    public Running streamUntilFirstChunk(Call call) {
      StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params(call).build());
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      chunks.next();
      return stream::close;
    }

    /** The asynchronous client's future, cancelled. */
    @Override
    public Running chatAsync(Call call) {
      CompletableFuture<ChatCompletion> answer = async.chat().completions().create(params(call).build());
      return () -> answer.cancel(true);
    }
  }
}
