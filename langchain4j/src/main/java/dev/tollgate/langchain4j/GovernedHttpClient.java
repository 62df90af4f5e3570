package dev.tollgate.langchain4j;

import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LangChain4j's {@link HttpClient} on an OkHttp client whose interceptor is Tollgate's engine:
 * each request LangChain4j builds is admitted, sent with the leased key and metered by the
 * engine, which answers the call itself.
 */
final class GovernedHttpClient implements HttpClient {

  private static final Logger LOG = LoggerFactory.getLogger(GovernedHttpClient.class);

  private final OkHttpClient okHttp;

  GovernedHttpClient(OkHttpClient okHttp) {
    this.okHttp = okHttp;
  }

  /**
   * Runs the call on OkHttp's dispatcher threads while the caller waits, so that interrupting
   * the caller (e.g. {@code Future.cancel(true)} on a task calling a model) cancels the HTTP
   * exchange, as interrupting LangChain4j's default JDK client does.
   */
  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    Call call = okHttp.newCall(OkHttpRequests.of(request));
    CompletableFuture<SuccessfulHttpResponse> answer = new CompletableFuture<>();
    okHttp.dispatcher().executorService().execute(() -> {
      try {
        answer.complete(exchange(call));
      } catch (RuntimeException | Error e) {
        answer.completeExceptionally(e);
      }
    });
    try {
      return answer.get();
    } catch (InterruptedException e) {
      call.cancel();
      Thread.currentThread().interrupt();
      throw new NonRetriableException("Interrupted; the governed call was cancelled", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) e.getCause();
    }
  }

  private static SuccessfulHttpResponse exchange(Call call) {
    Response response;
    try {
      response = call.execute();
    } catch (IOException | RuntimeException e) {
      throw Failures.of(e);
    }
    try (response) {
      if (!response.isSuccessful()) {
        throw Failures.of(response);
      }
      return successful(response, response.body().bytes());
    } catch (IOException e) {
      throw Failures.of(e);
    }
  }

  /**
   * Runs the call on OkHttp's dispatcher threads, but not through {@code enqueue}: that would
   * queue calls beyond five per host (the host LangChain4j names, not the one the engine
   * calls), and lose an interceptor's unchecked exception to the thread.
   */
  @Override
  public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    Call call = okHttp.newCall(OkHttpRequests.of(request));
    okHttp.dispatcher().executorService().execute(() -> stream(call, parser, listener));
  }

  private static void stream(Call call, ServerSentEventParser parser, ServerSentEventListener listener) {
    CancellingInputStream body = null;
    try (Response response = call.execute()) {
      if (!response.isSuccessful()) {
        notify(() -> listener.onError(Failures.of(response)));
        return;
      }
      SuccessfulHttpResponse opened = successful(response, null);
      notify(() -> listener.onOpen(opened));
      body = new CancellingInputStream(response.body().byteStream(), call);
      try (CancellingInputStream events = body) {
        parser.parse(events, new UnlessCancelled(listener, events));
      }
      notify(listener::onClose);
    } catch (IOException | RuntimeException e) {
      if (body == null || !body.cancelled()) {
        notify(() -> listener.onError(Failures.of(e)));
      }
    }
  }

  private static SuccessfulHttpResponse successful(Response response, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : response.headers().names()) {
      headers.put(name, response.headers(name));
    }
    return SuccessfulHttpResponse.builder().statusCode(response.code()).headers(headers).body(body).build();
  }

  /** As LangChain4j's own clients do: a listener's exception does not stop the others. */
  private static void notify(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      LOG.warn("A LangChain4j server-sent event listener threw; ignored", e);
    }
  }

  /**
   * Drops the error a parser reports for reading a body the application cancelled: a
   * cancelled stream ends quietly, as LangChain4j documents for its streaming handle.
   */
  private record UnlessCancelled(ServerSentEventListener listener, CancellingInputStream body)
      implements ServerSentEventListener {

    @Override
    public void onOpen(SuccessfulHttpResponse response) {
      listener.onOpen(response);
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
      listener.onEvent(event, context);
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      listener.onEvent(event);
    }

    @Override
    public void onError(Throwable error) {
      if (!body.cancelled()) {
        listener.onError(error instanceof IOException ? Failures.of(error) : error);
      }
    }

    @Override
    public void onClose() {
      listener.onClose();
    }
  }
}
