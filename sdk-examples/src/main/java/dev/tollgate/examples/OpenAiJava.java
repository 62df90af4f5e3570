package dev.tollgate.examples;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.openai.client.OpenAIClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams;
import dev.tollgate.openai.TollgateOpenAI;
import dev.tollgate.sdk.Tollgate;
import java.util.List;

/**
 * The official OpenAI Java SDK, governed: a typed tool round trip and a structured output read
 * into a Java record, written exactly as OpenAI documents openai-java. Only the client's
 * creation differs ({@link TollgateOpenAI#client(Tollgate)} instead of
 * {@code OpenAIOkHttpClient.fromEnv()}), and there is no OpenAI key: every call is admitted,
 * sent with the team's leased key and metered. Set {@code TOLLGATE_URL},
 * {@code TOLLGATE_CLIENT_ID} and {@code TOLLGATE_CLIENT_SECRET}, then run it.
 */
public final class OpenAiJava {

  /** A tool the model may call; openai-java derives its JSON schema from this record. */
  @JsonClassDescription("Gets tomorrow's weather forecast for a city")
  public record GetForecast(@JsonPropertyDescription("The city, e.g. Oslo") String city) {
    String execute() {
      return "Tomorrow in " + city + ": 14 °C, light rain clearing by noon.";
    }
  }

  /** The answer's shape: openai-java asks for this JSON schema and reads the answer into it. */
  public record Forecast(
      @JsonPropertyDescription("The city") String city,
      @JsonPropertyDescription("Tomorrow's high, in degrees Celsius") int highCelsius,
      @JsonPropertyDescription("One sentence for a commuter") String summary) {}

  private OpenAiJava() {}

  public static void main(String[] args) {
    try (Tollgate tollgate = Tollgate.fromEnvironment()) {
      OpenAIClient openai = TollgateOpenAI.client(tollgate);
      toolRoundTrip(openai);
      structuredOutput(openai);
    }
  }

  /** The model asks for the tool, the application runs it and sends its result back. */
  static void toolRoundTrip(OpenAIClient openai) {
    ChatCompletionCreateParams.Builder conversation = ChatCompletionCreateParams.builder()
        .model(ChatModel.GPT_4O_MINI)
        .maxCompletionTokens(200)
        .addTool(GetForecast.class)
        .addUserMessage("Should I take an umbrella in Oslo tomorrow?");

    ChatCompletionMessage asked = openai.chat().completions().create(conversation.build())
        .choices().get(0).message();
    conversation.addMessage(asked);
    for (ChatCompletionMessageToolCall call : asked.toolCalls().orElse(List.of())) {
      ChatCompletionMessageFunctionToolCall function = call.asFunction();
      GetForecast tool = function.function().arguments(GetForecast.class);
      System.out.println("tool call: " + function.function().name() + "(city=" + tool.city() + ")");
      conversation.addMessage(ChatCompletionToolMessageParam.builder()
          .toolCallId(function.id())
          .content(tool.execute())
          .build());
    }

    ChatCompletion answer = openai.chat().completions().create(conversation.build());
    System.out.println("answer: " + answer.choices().get(0).message().content().orElse("(no text)"));
  }

  /** The answer comes back as a {@link Forecast}, checked against the schema openai-java sent. */
  static void structuredOutput(OpenAIClient openai) {
    StructuredChatCompletionCreateParams<Forecast> params = ChatCompletionCreateParams.builder()
        .model(ChatModel.GPT_4O_MINI)
        .maxCompletionTokens(200)
        .responseFormat(Forecast.class)
        .addUserMessage("Tomorrow's forecast for Oslo, please.")
        .build();

    Forecast forecast = openai.chat().completions().create(params)
        .choices().get(0).message().content().orElseThrow();
    System.out.println("forecast: " + forecast);
  }
}
