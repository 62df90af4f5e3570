package dev.tollgate.spring.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;

/**
 * The application's calls, each with the model, prompt and output limit it was asked for and the
 * request headers it labels the call with (trace id, end user, tags: plain HTTP headers).
 */
@Service
public class Assistant {

  /** What a call is labelled with: plain HTTP headers the application adds to its request. */
  public record Labels(Map<String, String> headers) {}

  /** A tool call the model made and the answer it gave with the tool's result. */
  public record ToolAnswer(String toolName, String arguments, String answer) {}

  private final ChatClient chat;
  private final EmbeddingModel embeddings;
  private final Duration timeout;

  /**
   * The service; {@code timeout} is {@code spring.ai.openai.timeout}, repeated on each call's
   * options because Spring AI 2.0.1 sends a request's own options timeout (60 s unless set) over
   * the client's.
   */
  public Assistant(ChatClient.Builder chat, EmbeddingModel embeddings,
      @Value("${spring.ai.openai.timeout:60s}") Duration timeout) {
    this.chat = chat.build();
    this.embeddings = embeddings;
    this.timeout = timeout;
  }

  private OpenAiChatOptions.Builder options(String model, int maxTokens, Labels labels) {
    return OpenAiChatOptions.builder().model(model).maxTokens(maxTokens).timeout(timeout)
        .customHeaders(labels.headers());
  }

  /** A plain chat call. */
  public String ask(String model, String prompt, int maxTokens, Labels labels) {
    return chat.prompt().user(prompt).options(options(model, maxTokens, labels)).call().content();
  }

  /** A streamed chat call. */
  public Flux<String> askStreaming(String model, String prompt, int maxTokens, Labels labels) {
    return chat.prompt().user(prompt).options(options(model, maxTokens, labels)).stream().content();
  }

  /** A chat call offering the weather tool; Spring AI runs the tool and sends its result back. */
  public ToolAnswer askWithWeather(String model, String prompt, int maxTokens, Labels labels) {
    WeatherTools tools = new WeatherTools();
    String answer = chat.prompt().user(prompt).options(options(model, maxTokens, labels)).tools(tools).call()
        .content();
    return new ToolAnswer(tools.calledName(), tools.calledArguments(), answer);
  }

  /** A chat call whose answer must follow {@code jsonSchema}; returns the document. */
  public String extract(String model, String prompt, int maxTokens, String jsonSchema, Labels labels) {
    OpenAiChatModel.ResponseFormat format = OpenAiChatModel.ResponseFormat.builder()
        .type(OpenAiChatModel.ResponseFormat.Type.JSON_SCHEMA).jsonSchema(jsonSchema).strict(true).build();
    return chat.prompt().user(prompt).options(options(model, maxTokens, labels).responseFormat(format)).call()
        .content();
  }

  /** Embeddings of {@code inputs}; returns how many vectors came back. */
  public int embed(String model, List<String> inputs, Labels labels) {
    return RequestLabels.with(labels.headers(), () -> embeddings.call(new EmbeddingRequest(inputs,
        OpenAiEmbeddingOptions.builder().model(model).build())).getResults().size());
  }
}
