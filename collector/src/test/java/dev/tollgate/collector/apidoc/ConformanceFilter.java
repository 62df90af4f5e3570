package dev.tollgate.collector.apidoc;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Registered in every test app ({@code TestApps}): checks each {@code /v1} response the suite
 * causes against the OpenAPI description, whichever client sent the request, and keeps what
 * does not conform for {@code TestApps} to fail the test class with. The body is copied as it
 * is written, so what is checked is exactly what the client received.
 */
public final class ConformanceFilter implements ContainerResponseFilter, WriterInterceptor {

  private static final String EXCHANGE = ConformanceFilter.class.getName();
  private static final List<String> VIOLATIONS = Collections.synchronizedList(new ArrayList<>());
  private static final AtomicLong CHECKED = new AtomicLong();

  /** How many responses were checked in this JVM, to show that the check runs at all. */
  public static long checked() {
    return CHECKED.get();
  }

  /** What did not conform since the last call, and forgets it. */
  public static List<String> drain() {
    synchronized (VIOLATIONS) {
      List<String> out = List.copyOf(VIOLATIONS);
      VIOLATIONS.clear();
      return out;
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getUriInfo() instanceof ExtendedUriInfo uri) || uri.getMatchedResourceMethod() == null) {
      return;
    }
    String template = template(uri.getMatchedTemplates());
    if (!template.startsWith("/v1/")) {
      return;
    }
    MediaType type = response.getMediaType();
    ApiConformance.Exchange exchange = new ApiConformance.Exchange(request.getMethod(), template,
        response.getStatus(), type == null ? null : type.toString(), null);
    if (response.hasEntity()) {
      request.setProperty(EXCHANGE, exchange);
    } else {
      record(exchange);
    }
  }

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    Object property = context.getProperty(EXCHANGE);
    if (!(property instanceof ApiConformance.Exchange exchange)) {
      context.proceed();
      return;
    }
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    context.setOutputStream(new Tee(context.getOutputStream(), copy));
    context.proceed();
    record(new ApiConformance.Exchange(exchange.method(), exchange.template(), exchange.status(),
        exchange.contentType(), copy.toByteArray()));
  }

  private static void record(ApiConformance.Exchange exchange) {
    VIOLATIONS.addAll(ApiConformance.shared().check(exchange));
    CHECKED.incrementAndGet();
  }

  /** The route template, e.g. {@code /v1/admin/teams/{id}}, from Jersey's matched templates (innermost first). */
  static String template(List<UriTemplate> matched) {
    StringBuilder path = new StringBuilder();
    for (int i = matched.size() - 1; i >= 0; i--) {
      String part = matched.get(i).getTemplate();
      if (!part.isEmpty() && !part.equals("/")) {
        path.append('/').append(part);
      }
    }
    return normalize(path.toString());
  }

  /** One slash between segments, none at the end, and {@code {name: regex}} as {@code {name}}. */
  static String normalize(String path) {
    String p = ("/" + path).replaceAll("/+", "/").replaceAll("\\{\\s*([\\w-]+)\\s*:[^}]*}", "{$1}");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static final class Tee extends FilterOutputStream {
    private final OutputStream copy;

    Tee(OutputStream out, OutputStream copy) {
      super(out);
      this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      copy.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      copy.write(b, off, len);
    }
  }
}
