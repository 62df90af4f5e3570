package dev.tollgate.collector.common;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A body that could not be read (broken gzip, cut off): 400. A database outage: 503 with {@code Retry-After}, the caller's request being fine. Our own
 * bugs: a 500 with an id to find the log line by, and never the stack trace
 * or the exception's message in the response.
 */
@Provider
public class CatchAllExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = LoggerFactory.getLogger(CatchAllExceptionMapper.class);

  @Override
  public Response toResponse(Throwable e) {
    if (DatabaseOutage.causedBy(e)) {
      LOG.warn("Database unavailable: {}", e.toString());
      return Response.fromResponse(Problems.response(503, "unavailable", "Service Unavailable",
              "The database is unavailable; retry after " + DatabaseOutage.RETRY_AFTER_SECONDS + " seconds"))
          .header("Retry-After", Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS)).build();
    }
    if (unreadableBody(e)) {
      return Problems.response(ProblemException.badRequest(
          "The body could not be read: broken gzip or an incomplete body", null).toProblem());
    }
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
    LOG.error("Unhandled error {}", id, e);
    return Problems.response(500, "internal", "Internal Server Error",
        "An internal error occurred (id " + id + ")");
  }

  /** A request body the server could not inflate or read to its end: the caller's fault, a 400. */
  static boolean unreadableBody(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.zip.ZipException || t instanceof java.io.EOFException
          || t.getClass().getName().equals("org.eclipse.jetty.io.EofException")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
