package dev.tollgate.collector.common;

import jakarta.ws.rs.core.Response;

/** Builds problem+json responses. */
public final class Problems {

  private Problems() {}

  public static Response response(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  public static Response response(int status, String type, String title, String detail) {
    return response(new Problem(Problem.TYPE_BASE + type, title, status, detail, null, null));
  }
}
