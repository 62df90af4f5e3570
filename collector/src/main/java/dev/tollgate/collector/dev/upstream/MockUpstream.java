package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The simulated upstream's behaviour behind the resource: parses a request, fails it if asked to,
 * generates, waits as the latency setting says, and answers in OpenAI's shapes.
 */
final class MockUpstream {

  /**
   * What a request carries besides its body.
   *
   * @param streamCutHeader {@code x-mock-stream-cut: N}: a stream ends after its first N frames,
   *     with neither usage nor {@code [DONE]}, as a dropped connection leaves it
   * @param delayHeader {@code x-mock-delay-ms: N}: the answer (or a stream's first chunk) comes N ms
   *     later than the latency setting says, a slow upstream
   * @param chunkDelayHeader {@code x-mock-chunk-delay-ms: N}: N ms between a stream's chunks
   */
  record Call(String apiKey, String latencyHeader, String errorHeader, String failRateHeader,
      String streamCutHeader, String delayHeader, String chunkDelayHeader) {

    Call(String apiKey, String latencyHeader, String errorHeader, String failRateHeader) {
      this(apiKey, latencyHeader, errorHeader, failRateHeader, null, null, null);
    }

    /** The call of a request with {@code headers}, authenticated with {@code apiKey}. */
    static Call of(String apiKey, jakarta.ws.rs.core.HttpHeaders headers) {
      return new Call(apiKey, headers.getHeaderString(Latency.HEADER),
          headers.getHeaderString(FailurePlan.ERROR_HEADER), headers.getHeaderString(FailurePlan.FAIL_RATE_HEADER),
          headers.getHeaderString(STREAM_CUT_HEADER), headers.getHeaderString(DELAY_HEADER),
          headers.getHeaderString(CHUNK_DELAY_HEADER));
    }

    /** The extra wait before the answer. */
    Duration delay() {
      return millis(delayHeader).orElse(Duration.ZERO);
    }

    /** The wait between stream chunks, if asked. */
    Optional<Duration> chunkDelay() {
      return millis(chunkDelayHeader);
    }

    private static Optional<Duration> millis(String header) {
      if (header == null || !header.trim().matches("\\d{1,6}")) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis(Long.parseLong(header.trim())));
    }

    /** The number of frames to send before cutting the stream, if asked. */
    Optional<Integer> streamCut() {
      if (streamCutHeader == null || !streamCutHeader.trim().matches("\\d{1,6}")) {
        return Optional.empty();
      }
      return Optional.of(Integer.parseInt(streamCutHeader.trim()));
    }
  }

  /** Header that cuts a stream short. */
  static final String STREAM_CUT_HEADER = "x-mock-stream-cut";
  /** Header that delays the answer by a number of milliseconds. */
  static final String DELAY_HEADER = "x-mock-delay-ms";
  /** Header that sets the milliseconds between stream chunks. */
  static final String CHUNK_DELAY_HEADER = "x-mock-chunk-delay-ms";

  private static final MediaType EVENT_STREAM = MediaType.valueOf("text/event-stream; charset=utf-8");

  private final ObjectMapper json;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Latency defaultLatency;
  private final Generator generator;
  private final FailurePlan failures;
  private final ChatCompletionJson chatJson;
  private final ResponseJson responseJson;
  private final Embeddings embeddings;
  private final Moderations moderations;
  private final Structured structured;

  MockUpstream(ObjectMapper json, Clock clock, Sleeper sleeper, Latency defaultLatency, Generator generator,
      FailurePlan failures) {
    this.json = Objects.requireNonNull(json, "json");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.defaultLatency = Objects.requireNonNull(defaultLatency, "defaultLatency");
    this.generator = Objects.requireNonNull(generator, "generator");
    this.failures = Objects.requireNonNull(failures, "failures");
    this.chatJson = new ChatCompletionJson(json);
    this.responseJson = new ResponseJson(json);
    this.embeddings = new Embeddings(json, generator.tokens());
    this.moderations = new Moderations(json);
    this.structured = new Structured(json);
  }

  Response chatCompletions(Call call, String body) {
    return handle(call, body, true, request -> {
      if (!request.path("messages").isArray() || request.path("messages").isEmpty()) {
        return OpenAiError.missing("messages").toResponse(json);
      }
      String model = request.path("model").asText();
      long seed = Answers.seed(model, request.path("messages").toString(), request.path("tools").toString(),
          request.path("response_format").toString());
      Optional<Structured.ToolCall> tool = structured.toolCall(request, seed);
      Optional<String> document = tool.isPresent() ? Optional.empty()
          : structured.document(request, "The plan is feasible within the current budget.", seed);
      String fixedText = tool.map(Structured.ToolCall::arguments).orElse(document.orElse(null));
      Completion completion = generator.generate(model, Prompts.chat(generator.tokens(), model, request),
          call.apiKey(), Prompts.limit(request, "max_completion_tokens", "max_tokens"), fixedText, tool.orElse(null));
      String id = Ids.chatCompletion();
      long created = clock.instant().getEpochSecond();
      Latency latency = latency(call);
      if (request.path("stream").asBoolean(false)) {
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        List<String> frames = new ArrayList<>();
        chatJson.chunks(completion, id, created, includeUsage, ServiceTiers.answered(request)).forEach(chunk -> frames.add("data: " + chunk + "\n\n"));
        frames.add("data: [DONE]\n\n");
        return stream(call, frames, completion, latency);
      }
      return whole(chatJson.completion(completion, id, created, ServiceTiers.answered(request)), completion, latency, call.delay());
    });
  }

  Response responses(Call call, String body) {
    return handle(call, body, true, request -> {
      if (request.path("input").isMissingNode() || request.path("input").isNull()) {
        return OpenAiError.missing("input").toResponse(json);
      }
      String model = request.path("model").asText();
      Completion completion = generator.generate(model, Prompts.responses(generator.tokens(), model, request),
          call.apiKey(), Prompts.limit(request, "max_output_tokens"));
      ResponseJson.Context context = new ResponseJson.Context(Ids.response(), Ids.message(), Ids.reasoning(),
          clock.instant().getEpochSecond(), request);
      Latency latency = latency(call);
      if (request.path("stream").asBoolean(false)) {
        List<String> frames = responseJson.events(completion, context).stream()
            .map(event -> "event: " + event.name() + "\ndata: " + event.data() + "\n\n").toList();
        return stream(call, frames, completion, latency);
      }
      return whole(responseJson.response(completion, context), completion, latency, call.delay());
    });
  }

  Response embeddings(Call call, String body) {
    return handle(call, body, true, request -> {
      String model = request.path("model").asText();
      JsonNode input = request.path("input");
      if (Embeddings.inputs(input).isEmpty()) {
        return OpenAiError.missing("input").toResponse(json);
      }
      JsonNode dimensions = request.path("dimensions");
      if (!dimensions.isMissingNode() && !dimensions.isNull()) {
        if (model.equals("text-embedding-ada-002")) {
          return OpenAiError.invalid("This model does not support specifying dimensions.", "dimensions", null)
              .toResponse(json);
        }
        if (!dimensions.canConvertToInt() || dimensions.asInt() < 1 || dimensions.asInt() > 3072) {
          return OpenAiError.invalid("Invalid 'dimensions': must be between 1 and 3072.", "dimensions",
              "invalid_value").toResponse(json);
        }
      }
      int width = dimensions.canConvertToInt() ? dimensions.asInt() : ModelCatalog.defaultDimensions(model);
      boolean base64 = "base64".equals(request.path("encoding_format").asText("float"));
      ObjectNode answer = embeddings.create(model, input, width, base64);
      long seed = Answers.seed(model, input.toString());
      return whole(answer, seed, 1, latency(call), answer.path("usage").path("prompt_tokens").asInt(), call.delay());
    });
  }

  Response moderations(Call call, String body) {
    return handle(call, body, false, request -> {
      String model = ModelCatalog.answeredAs(request.path("model").asText("omni-moderation-latest"));
      JsonNode input = request.path("input");
      if (Moderations.texts(input).isEmpty()) {
        return OpenAiError.missing("input").toResponse(json);
      }
      return whole(moderations.create(model, input), Answers.seed(model, input.toString()), 1, latency(call), 0,
          call.delay());
    });
  }

  Response models(Call call) {
    return failures.failure(call.errorHeader(), call.failRateHeader(), null)
        .map(error -> error.toResponse(json))
        .orElseGet(() -> {
          ObjectNode body = json.createObjectNode();
          body.put("object", "list");
          var data = body.putArray("data");
          ModelCatalog.listed().forEach(model -> data.add(model(model.id())));
          return ok(body, 1);
        });
  }

  Response model(Call call, String id) {
    return failures.failure(call.errorHeader(), call.failRateHeader(), id)
        .or(() -> ModelCatalog.isListed(id) ? Optional.empty() : OpenAiError.simulated(404, id))
        .map(error -> error.toResponse(json))
        .orElseGet(() -> ok(model(id), 1));
  }

  private ObjectNode model(String id) {
    ObjectNode model = json.createObjectNode();
    model.put("id", id);
    model.put("object", "model");
    model.put("created", ModelCatalog.created(id));
    model.put("owned_by", id.startsWith("text-embedding-ada") ? "openai-internal" : "system");
    return model;
  }

  /** Parses, checks the model, applies a requested failure, then runs {@code answer}. */
  private Response handle(Call call, String body, boolean modelRequired, Function<JsonNode, Response> answer) {
    JsonNode request;
    try {
      request = body == null || body.isBlank() ? null : json.readTree(body);
    } catch (JsonProcessingException e) {
      request = null;
    }
    if (request == null || !request.isObject()) {
      return OpenAiError.malformedJson().toResponse(json);
    }
    String model = request.path("model").isTextual() ? request.path("model").asText() : null;
    var failure = failures.failure(call.errorHeader(), call.failRateHeader(), model);
    if (failure.isPresent()) {
      return failure.get().toResponse(json);
    }
    if (modelRequired && (model == null || model.isBlank())) {
      return OpenAiError.invalid("you must provide a model parameter", null, null).toResponse(json);
    }
    return answer.apply(request);
  }

  private Latency latency(Call call) {
    return Latency.parse(call.latencyHeader()).orElse(defaultLatency);
  }

  private Response whole(ObjectNode body, Completion completion, Latency latency, Duration delay) {
    return whole(body, completion.seed(), completion.chunks().size(), latency, completion.promptTokens(), delay);
  }

  private Response whole(ObjectNode body, long seed, int chunks, Latency latency, int promptTokens, Duration delay) {
    Duration wait = latency.whole(seed, chunks).plus(delay);
    try {
      if (!wait.isZero()) {
        sleeper.sleep(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OpenAiError.simulated(503, null).orElseThrow().toResponse(json);
    }
    return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE)
        .header("openai-processing-ms", Math.max(1, wait.toMillis()))
        .header("x-ratelimit-limit-tokens", 200000)
        .header("x-ratelimit-remaining-tokens", Math.max(0, 200000 - promptTokens))
        .build();
  }

  private Response ok(ObjectNode body, long processingMillis) {
    return Response.ok(body.toString(), MediaType.APPLICATION_JSON_TYPE)
        .header("openai-processing-ms", processingMillis).build();
  }

  /** Sends {@code frames} as they would arrive: the first after the time to first token, then paced. */
  private Response stream(Call call, List<String> allFrames, Completion completion, Latency latency) {
    List<String> frames = call.streamCut().map(n -> allFrames.subList(0, Math.min(n, allFrames.size())))
        .orElse(allFrames);
    Duration first = latency.firstToken(completion.seed()).plus(call.delay());
    Duration between = call.chunkDelay().orElse(latency.betweenChunks());
    return Response.ok((StreamingOutput) out -> write(out, frames, first, between), EVENT_STREAM)
        .header("cache-control", "no-cache")
        .header("openai-processing-ms", Math.max(1, first.toMillis()))
        .header("x-ratelimit-limit-tokens", 200000)
        .header("x-ratelimit-remaining-tokens", Math.max(0, 200000 - completion.promptTokens()))
        .build();
  }

  private void write(OutputStream out, List<String> frames, Duration first, Duration between) throws IOException {
    try {
      if (!first.isZero()) {
        sleeper.sleep(first);
      }
      for (int i = 0; i < frames.size(); i++) {
        if (i > 1 && !between.isZero()) {
          sleeper.sleep(between);
        }
        out.write(frames.get(i).getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("stream interrupted");
    }
  }
}
