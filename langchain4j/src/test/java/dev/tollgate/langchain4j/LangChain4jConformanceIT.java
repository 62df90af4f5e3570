package dev.tollgate.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecution;
import dev.tollgate.conformance.Application;
import dev.tollgate.conformance.ClientUnderTest;
import dev.tollgate.conformance.ConformanceSuite;
import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.Tollgate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The conformance suite through LangChain4j: {@code OpenAiChatModel}, {@code OpenAiStreamingChatModel}
 * (cancelled too), {@code OpenAiEmbeddingModel} and an AI service with a {@code @Tool}, each on
 * {@link TollgateLangChain4j#httpClientBuilder(Tollgate, okhttp3.OkHttpClient)}, set up as the
 * documented application does (an API key it should not need, {@code maxRetries(0)}, LangChain4j's
 * request and response logging on) and labelling calls with {@code customHeaders}.
 */
class LangChain4jConformanceIT extends ConformanceSuite {

  @Override
  protected ClientUnderTest client(Tollgate tollgate, Application application) {
    return new LangChain4jClient(tollgate, application);
  }

  /** The AI service of the tool round trip. */
  interface WeatherAssistant {
    String chat(String question);
  }

  /** The unit of {@link Weather#getWeather}: lower case, as {@link ClientUnderTest#WEATHER_TOOL} names them. */
  enum Unit { celsius, fahrenheit }

  /** {@link ClientUnderTest#WEATHER_TOOL} as a LangChain4j tool. */
  static final class Weather {
    @Tool(name = "get_weather", value = "The current weather in a city")
    String getWeather(@P("the city") String city, @P("the unit") Unit unit) {
      return ClientUnderTest.WEATHER_RESULT;
    }
  }

  /** Calls as an application using LangChain4j's OpenAI models makes them; one model per call, for its labels. */
  static final class LangChain4jClient implements ClientUnderTest {
    private final Tollgate tollgate;
    private final Application application;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    LangChain4jClient(Tollgate tollgate, Application application) {
      this.tollgate = tollgate;
      this.application = application;
    }

    private HttpClientBuilder governed() {
      return TollgateLangChain4j.httpClientBuilder(tollgate, application.okHttpClient());
    }

    private static Map<String, String> labels(Call call) {
      return RequestOptions.builder().traceId(call.traceId()).endUser(call.endUser()).tags(call.tags()).build()
          .toHeaders();
    }

    private OpenAiChatModel chatModel(Call call) {
      return OpenAiChatModel.builder().httpClientBuilder(governed()).apiKey(application.apiKey())
          .timeout(application.readTimeout()).maxRetries(0).logRequests(true).logResponses(true)
          .customHeaders(labels(call)).modelName(call.model()).maxTokens(call.maxTokens()).strictJsonSchema(true)
          .build();
    }

    private OpenAiStreamingChatModel streamingModel(Call call) {
      return OpenAiStreamingChatModel.builder().httpClientBuilder(governed()).apiKey(application.apiKey())
          .timeout(application.readTimeout()).logRequests(true).logResponses(true)
          .customHeaders(labels(call)).modelName(call.model()).maxTokens(call.maxTokens()).build();
    }

    @Override
    public String chat(Call call) {
      return chatModel(call).chat(call.prompt());
    }

    @Override
    public String chatStream(Call call) throws Exception {
      Streamed handler = new Streamed();
      streamingModel(call).chat(call.prompt(), handler);
      return handler.done.get(60, TimeUnit.SECONDS).aiMessage().text();
    }

    @Override
    public ToolRoundTrip toolRoundTrip(Call call) {
      AtomicReference<ToolExecution> executed = new AtomicReference<>();
      WeatherAssistant assistant = AiServices.builder(WeatherAssistant.class).chatModel(chatModel(call))
          .tools(new Weather()).afterToolExecution(executed::set).build();
      String answer = assistant.chat(call.prompt());
      return new ToolRoundTrip(executed.get().request().name(), executed.get().request().arguments(), answer);
    }

    @Override
    public String structured(Call call) {
      JsonSchema invoice = JsonSchema.builder().name("invoice").rootElement(JsonObjectSchema.builder()
          .addStringProperty("customer").addNumberProperty("total").addBooleanProperty("paid")
          .required("customer", "total", "paid").additionalProperties(false).build()).build();
      ChatResponse response = chatModel(call).chat(ChatRequest.builder().messages(UserMessage.from(call.prompt()))
          .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(invoice).build())
          .build());
      return response.aiMessage().text();
    }

    @Override
    public int embed(Call call, List<String> inputs) {
      OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder().httpClientBuilder(governed())
          .apiKey(application.apiKey()).timeout(application.readTimeout()).maxRetries(0)
          .logRequests(true).logResponses(true).customHeaders(labels(call)).modelName(call.model()).build();
      return model.embedAll(inputs.stream().map(TextSegment::from).toList()).content().size();
    }

    /** Cancelled with the handle LangChain4j gives a handler, from the application's thread. */
    @Override
    public Running streamUntilFirstChunk(Call call) throws Exception {
      CompletableFuture<StreamingHandle> first = new CompletableFuture<>();
      streamingModel(call).chat(call.prompt(), new Streamed() {
        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
          first.complete(context.streamingHandle());
        }
      });
      StreamingHandle handle = first.get(60, TimeUnit.SECONDS);
      return handle::cancel;
    }

    /** LangChain4j's chat is blocking: an application runs it as a task, and cancels the task. */
    @Override
    public Running chatAsync(Call call) {
      Future<String> answer = callers.submit(() -> chatModel(call).chat(call.prompt()));
      return () -> answer.cancel(true);
    }

    @Override
    public void close() {
      callers.shutdownNow();
    }
  }

  /** A streaming handler completing a future with the response, or with the error. */
  static class Streamed implements StreamingChatResponseHandler {
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    @Override
    public void onCompleteResponse(ChatResponse response) {
      done.complete(response);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }
  }
}
