package dev.tollgate.conformance;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.slf4j.LoggerFactory;

/**
 * Everything the application could see: what its OkHttp interceptor, network interceptor and event
 * listener were shown (headers and bodies), and every log line at any level while watching.
 */
final class SecretWatch {

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final List<Runnable> restore = new ArrayList<>();

  /** The application's OkHttp client, recording what it is shown. */
  OkHttpClient applicationClient() {
    return new OkHttpClient.Builder()
        .addInterceptor(recorder("interceptor"))
        .addNetworkInterceptor(recorder("network interceptor"))
        .eventListener(new EventListener() {
          @Override
          public void requestHeadersEnd(Call call, Request request) {
            seen.add("listener: " + request.url() + " " + request.headers());
          }

          @Override
          public void callStart(Call call) {
            seen.add("listener: " + call.request().url() + " " + call.request().headers());
          }
        })
        .build();
  }

  private Interceptor recorder(String who) {
    return chain -> {
      Request r = chain.request();
      seen.add(who + ": " + r.url() + " " + r.headers() + body(r));
      Response response = chain.proceed(r);
      String type = String.valueOf(response.header("Content-Type"));
      // A stream's body is read by the application as it comes; peeking would wait for its end.
      seen.add(who + ": " + response.request().headers() + response.headers()
          + (type.startsWith("text/event-stream") ? "" : response.peekBody(65_536).string()));
      return response;
    };
  }

  private static String body(Request r) {
    if (r.body() == null) {
      return "";
    }
    try {
      Buffer b = new Buffer();
      r.body().writeTo(b);
      return b.readUtf8();
    } catch (IOException e) {
      return "";
    }
  }

  /** Starts capturing every log line, at every level. */
  void watchLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (String name : new String[] {org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.tollgate", "okhttp3"}) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      Level before = logger.getLevel();
      logger.setLevel(Level.TRACE);
      restore.add(() -> logger.setLevel(before));
    }
    logs.start();
    root.addAppender(logs);
    restore.add(() -> root.detachAppender(logs));
  }

  /** Stops capturing logs. */
  void stop() {
    restore.forEach(Runnable::run);
    restore.clear();
  }

  /** What the application's interceptors and listener were shown. */
  String shownToTheApplication() {
    return String.join("\n", seen);
  }

  /** Every log line captured, with its exception's message. */
  String logLines() {
    StringBuilder sb = new StringBuilder();
    for (ILoggingEvent e : logs.list) {
      sb.append(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        sb.append(' ').append(e.getThrowableProxy().getMessage());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  int logLineCount() {
    return logs.list.size();
  }
}
