package dev.tollgate.collector.common;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link ProblemException} as problem+json. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

  @Override
  public Response toResponse(ProblemException e) {
    Response.ResponseBuilder builder = Response.fromResponse(Problems.response(e.toProblem()));
    if (e.status() == 401) {
      builder.header("WWW-Authenticate", "Bearer realm=\"tollgate\"");
    }
    return builder.build();
  }
}
