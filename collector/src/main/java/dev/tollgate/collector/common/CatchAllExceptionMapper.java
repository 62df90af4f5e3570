package dev.tollgate.collector.common;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own bugs: a 500 with an id to find the log line by, and never the stack trace
 * or the exception's message in the response.
 */
@Provider
public class CatchAllExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = LoggerFactory.getLogger(CatchAllExceptionMapper.class);

  @Override
  public Response toResponse(Throwable e) {
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
    LOG.error("Unhandled error {}", id, e);
    return Problems.response(500, "internal", "Internal Server Error",
        "An internal error occurred (id " + id + ")");
  }
}
