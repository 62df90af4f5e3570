package dev.tollgate.conformance;

import java.util.List;
import java.util.Map;

/**
 * A client the conformance suite drives: Tollgate's own typed client, the OkHttp interceptor, or an
 * adapter (openai-java, Spring AI, LangChain4j). Each method makes the call the way an
 * application using that client would, with the call's model, prompt, output limit and labels
 * (trace id, end user, tags: through {@code RequestOptions}, or the {@code Tollgate-*} headers
 * {@code RequestOptions#toHeaders()} writes), and lets any exception through: the suite looks
 * for a {@link dev.tollgate.sdk.QuotaExceededException} among the causes.
 */
public interface ClientUnderTest extends AutoCloseable {

  /** The tool a {@link #toolRoundTrip} offers, as OpenAI's {@code tools[0]} JSON. */
  String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
      + "\"description\":\"The current weather in a city\",\"parameters\":{\"type\":\"object\","
      + "\"properties\":{\"city\":{\"type\":\"string\"},\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\","
      + "\"fahrenheit\"]}},\"required\":[\"city\",\"unit\"],\"additionalProperties\":false}}}";

  /** The schema a {@link #structured} call asks for, as OpenAI's {@code response_format.json_schema.schema}. */
  String INVOICE_SCHEMA = "{\"type\":\"object\",\"properties\":{\"customer\":{\"type\":\"string\"},"
      + "\"total\":{\"type\":\"number\"},\"paid\":{\"type\":\"boolean\"}},"
      + "\"required\":[\"customer\",\"total\",\"paid\"],\"additionalProperties\":false}";

  /** The result the application sends back for the tool call of a {@link #toolRoundTrip}. */
  String WEATHER_RESULT = "{\"temperature\":21,\"unit\":\"celsius\"}";

  /**
   * One call's parameters.
   *
   * @param model the model
   * @param prompt the user message
   * @param maxTokens the output limit
   * @param traceId the trace id label
   * @param endUser the end-user label
   * @param tags the tag labels
   */
  record Call(String model, String prompt, int maxTokens, String traceId, String endUser, Map<String, String> tags) {}

  /**
   * What a tool round trip saw.
   *
   * @param toolName the function the model called
   * @param arguments the call's arguments (JSON text)
   * @param answer the model's answer once it had the tool's result
   */
  record ToolRoundTrip(String toolName, String arguments, String answer) {}

  /** A call in progress that can be cancelled. */
  interface Running {
    /** Cancels the call (the stream, the future) the way the client's API does it. */
    void cancel();
  }

  /** A chat completion; returns the answer's text. */
  String chat(Call call) throws Exception;

  /** The chat completion streamed and read to its end; returns the text of its deltas. */
  String chatStream(Call call) throws Exception;

  /**
   * A chat completion offering {@link #WEATHER_TOOL}, then a second one sending
   * {@link #WEATHER_RESULT} as the tool's result for the call the model made.
   */
  ToolRoundTrip toolRoundTrip(Call call) throws Exception;

  /** A chat completion whose {@code response_format} is {@link #INVOICE_SCHEMA}; returns the document (JSON text). */
  String structured(Call call) throws Exception;

  /** Embeddings of {@code inputs} with the call's model; returns the number of vectors. */
  int embed(Call call, List<String> inputs) throws Exception;

  /** Starts a streamed chat completion and returns once its first chunk arrived. */
  Running streamUntilFirstChunk(Call call) throws Exception;

  /** Starts a chat completion asynchronously (a future, a callback) and returns at once. */
  Running chatAsync(Call call) throws Exception;

  /** Releases what the client holds; the suite closes the {@code Tollgate} itself. */
  @Override
  default void close() throws Exception {}
}
