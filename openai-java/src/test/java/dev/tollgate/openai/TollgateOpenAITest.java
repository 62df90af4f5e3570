package dev.tollgate.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.UpstreamConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The plumbing between openai-java and an OkHttp interceptor that answers each call itself, as
 * Tollgate's engine does: requests arrive whole, answers reach openai-java's typed models, and
 * failures raised by the interceptor surface as openai-java exceptions that openai-java does not
 * retry.
 */
class TollgateOpenAITest {

  private static final Path FIXTURES = Path.of(System.getProperty("tollgate.fixtures", "../fixtures/openai"));
  private static final ChatCompletionCreateParams PARAMS = ChatCompletionCreateParams.builder()
      .model(ChatModel.GPT_4O_MINI)
      .addUserMessage("Say hello")
      .putAdditionalHeader("Tollgate-Trace-Id", "trace-1")
      .build();

  /** Answers every call with a fixture (or throws, or waits to be cancelled), recording what it was given. */
  static final class AnsweringInterceptor implements Interceptor {
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile boolean hang;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String fixture = "chat-completion.json";
    volatile String contentType = "application/json";
    volatile RuntimeException runtimeFailure;
    volatile IOException ioFailure;

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      requests.add(request);
      Buffer body = new Buffer();
      if (request.body() != null) {
        request.body().writeTo(body);
      }
      bodies.add(body.readUtf8());
      entered.countDown();
      while (hang) {
        if (chain.call().isCanceled()) {
          cancelled.countDown();
          throw new IOException("Canceled");
        }
        sleep();
      }
      if (runtimeFailure != null) {
        throw runtimeFailure;
      }
      if (ioFailure != null) {
        throw ioFailure;
      }
      byte[] answer = Files.readAllBytes(FIXTURES.resolve(fixture));
      return new Response.Builder()
          .request(request)
          .protocol(Protocol.HTTP_1_1)
          .code(status)
          .message("fixture")
          .body(ResponseBody.create(answer, MediaType.get(contentType)))
          .build();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final AnsweringInterceptor engine = new AnsweringInterceptor();

  @Test
  void aPlainCallReachesTheInterceptorWholeAndItsAnswerIsTyped() {
    OpenAIClient client = TollgateOpenAI.client(engine);

    ChatCompletion completion = client.chat().completions().create(PARAMS);

    assertThat(completion.choices().get(0).message().content()).isPresent();
    assertThat(completion.usage().orElseThrow().promptTokens()).isPositive();
    Request sent = engine.requests.get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.url().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(sent.header("Tollgate-Trace-Id")).isEqualTo("trace-1");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TollgateOpenAI.PLACEHOLDER_API_KEY);
    assertThat(engine.bodies.get(0)).contains("\"model\":\"gpt-4o-mini\"").contains("Say hello");
    client.close();
  }

  @Test
  void anAsyncCallIsAnsweredTheSameWay() {
    OpenAIClientAsync client = TollgateOpenAI.clientAsync(engine);

    ChatCompletion completion = client.chat().completions().create(PARAMS).join();

    assertThat(completion.usage().orElseThrow().totalTokens()).isPositive();
    assertThat(engine.requests).hasSize(1);
    client.close();
  }

  @Test
  void aStreamedAnswerIsReadChunkByChunk() {
    engine.fixture = "chat-completion-stream.sse";
    engine.contentType = "text/event-stream";
    OpenAIClient client = TollgateOpenAI.client(engine);

    String text;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(PARAMS)) {
      text = stream.stream()
          .flatMap(chunk -> chunk.choices().stream())
          .map(choice -> choice.delta().content().orElse(""))
          .collect(Collectors.joining());
    }

    assertThat(text).isNotBlank();
    assertThat(engine.bodies.get(0)).contains("\"stream\":true");
    client.close();
  }

  @Test
  void aRefusalIsAnOpenAiExceptionCausedByQuotaExceededAndIsNotRetriedEvenWithRetriesRaised() {
    engine.runtimeFailure = new QuotaExceededException("quota_exceeded", "Monthly cost quota used up", null);
    OpenAIClient client = TollgateOpenAI.client(engine).withOptions(o -> o.maxRetries(3));

    assertThatThrownBy(() -> client.chat().completions().create(PARAMS))
        .isExactlyInstanceOf(OpenAIException.class)
        .hasCauseInstanceOf(QuotaExceededException.class);
    assertThat(engine.requests).hasSize(1);
  }

  @Test
  void anAsyncRefusalIsTheSameOpenAiException() {
    engine.runtimeFailure = new QuotaExceededException("quota_exceeded", "Monthly cost quota used up", null);
    OpenAIClientAsync client = TollgateOpenAI.clientAsync(engine).withOptions(o -> o.maxRetries(3));

    assertThatThrownBy(() -> client.chat().completions().create(PARAMS).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isExactlyInstanceOf(OpenAIException.class)
        .cause()
        .isInstanceOf(QuotaExceededException.class);
    assertThat(engine.requests).hasSize(1);
  }

  @Test
  void cancellingAnAsyncFutureCancelsTheCall() throws InterruptedException {
    engine.hang = true;
    OpenAIClientAsync client = TollgateOpenAI.clientAsync(engine);

    CompletableFuture<ChatCompletion> future = client.chat().completions().create(PARAMS);
    assertThat(engine.entered.await(10, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);

    assertThat(engine.cancelled.await(5, TimeUnit.SECONDS)).as("the interceptor's call was cancelled").isTrue();
    assertThat(engine.requests.get(0).header("Authorization")).isEqualTo("Bearer " + TollgateOpenAI.PLACEHOLDER_API_KEY);
    client.close();
  }

  @Test
  void cancellingAFutureOfTheSyncClientsAsyncViewCancelsTheCall() throws InterruptedException {
    engine.hang = true;
    OpenAIClient client = TollgateOpenAI.client(engine);

    // An application that kept its OpenAI key: Tollgate replaces it anyway.
    CompletableFuture<ChatCompletion> future = client.async().withOptions(o -> o.apiKey("sk-application"))
        .chat().completions().create(PARAMS);
    assertThat(engine.entered.await(10, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);

    assertThat(engine.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(engine.requests.get(0).header("Authorization")).doesNotContain("sk-application");
    client.close();
  }

  @Test
  void aFutureCancelledBeforeItsCallStartedCancelsItOnArrival() throws InterruptedException {
    engine.hang = true;
    OpenAIClientAsync client = TollgateOpenAI.clientAsync(engine);

    client.chat().completions().create(PARAMS).cancel(true);

    // Either the call never reached the interceptor, or it was cancelled there at once.
    if (engine.entered.await(2, TimeUnit.SECONDS)) {
      assertThat(engine.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }
    client.close();
  }

  @Test
  void aTimeoutIsNotRetriedByOpenAiJava() {
    engine.ioFailure = new SocketTimeoutException("timeout");
    OpenAIClient client = TollgateOpenAI.client(engine).withOptions(o -> o.maxRetries(3));

    assertThatThrownBy(() -> client.chat().completions().create(PARAMS))
        .isExactlyInstanceOf(OpenAIException.class)
        .hasCauseInstanceOf(SocketTimeoutException.class);
    assertThat(engine.requests).hasSize(1);
  }

  @Test
  void aGenerationTheEngineGaveUpOnIsNotRetriedByOpenAiJava() {
    engine.runtimeFailure = new UpstreamConnectionException("Upstream did not answer in time; not retried",
        new SocketTimeoutException("timeout"));
    OpenAIClient client = TollgateOpenAI.client(engine).withOptions(o -> o.maxRetries(3));

    assertThatThrownBy(() -> client.chat().completions().create(PARAMS))
        .isExactlyInstanceOf(OpenAIException.class)
        .hasCauseInstanceOf(UpstreamConnectionException.class);
    assertThat(engine.requests).hasSize(1);
  }

  @Test
  void aConnectionFailureIsAnOpenAiIoException() {
    engine.ioFailure = new ConnectException("refused");
    OpenAIClient client = TollgateOpenAI.client(engine);

    assertThatThrownBy(() -> client.chat().completions().create(PARAMS))
        .isInstanceOf(OpenAIIoException.class)
        .hasCauseInstanceOf(ConnectException.class);
    assertThat(engine.requests).hasSize(1);
  }

  @Test
  void anErrorAnswerIsOpenAiJavasTypedErrorAndIsNotRetriedAgain() {
    engine.status = 500;
    engine.fixture = "error-500.json";
    OpenAIClient client = TollgateOpenAI.client(engine).withOptions(o -> o.maxRetries(3));

    assertThatThrownBy(() -> client.chat().completions().create(PARAMS))
        .isInstanceOf(InternalServerException.class);
    assertThat(engine.requests).hasSize(1);
  }
}
