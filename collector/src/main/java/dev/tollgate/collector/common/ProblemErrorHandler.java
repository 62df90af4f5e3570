package dev.tollgate.collector.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors, the ones no resource sees (a URI too long, a malformed request line
 * or header, a path encoding the server refuses), as problem+json like every other error:
 * the status, its reason, and nothing from the request or the server's internals.
 */
public final class ProblemErrorHandler extends ErrorHandler {

  private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/problem+json");
  private static final HttpField NO_CACHE = new HttpField(HttpHeader.CACHE_CONTROL, "no-cache");

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Object attribute = request.getAttribute(ERROR_STATUS);
    int status = attribute instanceof Integer code ? code : response.getStatus();
    if (status < 400) {
      status = 500;
    }
    response.setStatus(status);
    response.getHeaders().put(CONTENT_TYPE);
    response.getHeaders().put(NO_CACHE);
    response.write(true, body(status), callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(CONTENT_TYPE);
    fields.put(NO_CACHE);
    return body(status);
  }

  static ByteBuffer body(int status) {
    String title = HttpStatus.getMessage(status);
    String type = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    String detail = status >= 500 ? "The server could not handle the request"
        : "The request could not be read by the HTTP server: " + title;
    String json = "{\"type\":\"" + Problem.TYPE_BASE + type + "\",\"title\":\"" + title + "\",\"status\":" + status
        + ",\"detail\":\"" + detail + "\"}";
    return ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
  }
}
