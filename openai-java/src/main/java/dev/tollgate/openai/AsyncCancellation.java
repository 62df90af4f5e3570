package dev.tollgate.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.ClientOptions;
import com.openai.credential.BearerTokenCredential;
import com.openai.credential.Credential;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import okhttp3.Call;

/**
 * Makes {@code cancel()} on a future of openai-java's asynchronous client cancel its HTTP call,
 * which openai-java does not do itself (openai/openai-java#654: its services derive the future
 * they return from the HTTP client's with {@code thenApply}, and cancellation does not travel
 * back up such a chain). Without this, a cancelled generation would run on at the provider,
 * billed, and be metered only when it ended.
 *
 * <p>How: the asynchronous client handed out is a proxy over openai-java's (the synchronous one
 * is a {@link GovernedClient}, whose {@code async()} hands out such a proxy). A service method
 * that returns a {@link CompletableFuture} runs with a reference to a fresh {@link InFlight}
 * in a thread-local; openai-java prepares the request on the calling thread, asking the
 * {@link #credential()} for its bearer token, which then carries the reference's number to
 * {@link GovernedHttpClient}. That client attaches its OkHttp call to the reference, and the
 * future returned to the application cancels the reference, hence the call.
 */
final class AsyncCancellation {

  /** Between the placeholder key and the reference's number in the bearer token. */
  private static final String SEPARATOR = "#call-";

  private final ThreadLocal<InFlight> preparing = new ThreadLocal<>();
  private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Credential credential = BearerTokenCredential.create(this::bearerToken);

  /** The credential openai-java asks for each request's bearer token. */
  Credential credential() {
    return credential;
  }

  /** The placeholder key, plus the reference of the call being prepared on this thread, if any. */
  private String bearerToken() {
    InFlight call = preparing.get();
    return call == null ? TollgateOpenAI.PLACEHOLDER_API_KEY : TollgateOpenAI.PLACEHOLDER_API_KEY + SEPARATOR + call.id;
  }

  /** The in-flight reference a request's {@code Authorization} names, if any. */
  InFlight find(String authorization) {
    int at = authorization == null ? -1 : authorization.indexOf(SEPARATOR);
    if (at < 0) {
      return null;
    }
    try {
      return inFlight.get(Long.parseLong(authorization.substring(at + SEPARATOR.length())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code authorization} without a reference. */
  static String withoutReference(String authorization) {
    int at = authorization.indexOf(SEPARATOR);
    return at < 0 ? authorization : authorization.substring(0, at);
  }

  /** An asynchronous client whose futures cancel their call. */
  OpenAIClientAsync wrap(OpenAIClientAsync client) {
    return proxy(OpenAIClientAsync.class, client);
  }

  /**
   * A synchronous client whose {@link OpenAIClient#async()} (and {@code withOptions}) hand out
   * such asynchronous clients; its own services are openai-java's, untouched.
   */
  OpenAIClient wrap(OpenAIClient client) {
    return client instanceof GovernedClient ? client : new GovernedClient(client, this);
  }

  /**
   * The application's changes to the options, then this credential again: an API key the
   * application sets would be replaced by the leased one anyway, and it would drop the
   * reference the credential carries.
   */
  Consumer<ClientOptions.Builder> keepingCredential(Consumer<ClientOptions.Builder> application) {
    return options -> {
      application.accept(options);
      options.credential(credential);
    };
  }

  private <T> T proxy(Class<T> type, Object target) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Handler(target)));
  }

  /** One asynchronous call: its OkHttp call once there is one, and whether it was cancelled. */
  static final class InFlight {
    final long id;
    private volatile Call call;
    private volatile boolean cancelled;

    InFlight(long id) {
      this.id = id;
    }

    /** Called by the HTTP client when it has created the call. */
    void attach(Call call) {
      this.call = call;
      if (cancelled) {
        call.cancel();
      }
    }

    void cancel() {
      cancelled = true;
      Call c = call;
      if (c != null) {
        c.cancel();
      }
    }
  }

  /** A future that cancels its call when cancelled; what it derives is plain. */
  private static final class CancellingFuture<T> extends CompletableFuture<T> {
    private final InFlight call;

    CancellingFuture(InFlight call) {
      this.call = call;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      call.cancel();
      return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }

  private final class Handler implements InvocationHandler {
    private final Object target;

    Handler(Object target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(proxy, method, args);
      }
      if (method.getName().equals("withOptions") && args != null && args.length == 1 && args[0] instanceof Consumer) {
        args = new Object[] {keepingCredential(args[0])};
      }
      Class<?> returned = method.getReturnType();
      if (returned == CompletableFuture.class) {
        return tracked(method, args);
      }
      Object result = call(method, args);
      if (result != null && wrapped(returned)) {
        return proxy(returned, result);
      }
      return result;
    }

    private Object tracked(Method method, Object[] args) throws Throwable {
      InFlight ref = new InFlight(ids.incrementAndGet());
      inFlight.put(ref.id, ref);
      CompletableFuture<?> future;
      preparing.set(ref);
      try {
        future = (CompletableFuture<?>) call(method, args);
      } catch (Throwable t) {
        inFlight.remove(ref.id);
        throw t;
      } finally {
        preparing.remove();
      }
      CancellingFuture<Object> cancelling = new CancellingFuture<>(ref);
      future.whenComplete((value, failure) -> {
        inFlight.remove(ref.id);
        if (failure != null) {
          cancelling.completeExceptionally(failure);
        } else {
          cancelling.complete(value);
        }
      });
      return cancelling;
    }

    private Object call(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @SuppressWarnings("unchecked")
    private Consumer<ClientOptions.Builder> keepingCredential(Object modifier) {
      return AsyncCancellation.this.keepingCredential((Consumer<ClientOptions.Builder>) modifier);
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) throws Throwable {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> call(method, args);
      };
    }

    private Object proxy(Class<?> type, Object result) {
      if (type == OpenAIClient.class) {
        return wrap((OpenAIClient) result);
      }
      return AsyncCancellation.this.proxy(type, result);
    }
  }

  /**
   * What a proxy hands out proxied: the clients (so that {@code async()}, {@code sync()} and
   * {@code withOptions} keep to proxies; a synchronous client becomes a {@link GovernedClient})
   * and the asynchronous services, whose futures are tracked. The synchronous services are
   * openai-java's own, with nothing in between.
   */
  private static boolean wrapped(Class<?> type) {
    return type == OpenAIClientAsync.class || type == OpenAIClient.class
        || type == OpenAIClientAsync.WithRawResponse.class
        || (type.isInterface() && type.getName().startsWith("com.openai.services.async."));
  }
}
