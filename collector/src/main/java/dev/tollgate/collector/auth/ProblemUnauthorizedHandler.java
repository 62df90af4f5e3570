package dev.tollgate.collector.auth;

import dev.tollgate.collector.common.Problems;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.Response;

/** 401 as problem+json with {@code WWW-Authenticate: Bearer}. */
public final class ProblemUnauthorizedHandler implements UnauthorizedHandler {

  @Override
  public Response buildResponse(String prefix, String realm) {
    return Response.fromResponse(Problems.response(401, "unauthorized", "Unauthorized",
            "Missing or invalid credentials"))
        .header("WWW-Authenticate", prefix + " realm=\"" + realm + "\"")
        .build();
  }
}
