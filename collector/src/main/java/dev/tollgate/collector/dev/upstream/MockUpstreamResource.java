package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * OpenAI's endpoints, simulated under {@code /mock/v1} in dev mode. Bodies are read as text and
 * answered in OpenAI's own shapes, including its errors (not the collector's problem+json).
 */
@Path("/mock/v1")
@MockAuth
public final class MockUpstreamResource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockUpstream upstream;

  MockUpstreamResource(MockUpstream upstream) {
    this.upstream = upstream;
  }

  @POST
  @Path("chat/completions")
  public Response chatCompletions(@Context HttpHeaders headers, String body) {
    return upstream.chatCompletions(call(headers), body);
  }

  @POST
  @Path("responses")
  public Response responses(@Context HttpHeaders headers, String body) {
    return upstream.responses(call(headers), body);
  }

  @POST
  @Path("embeddings")
  public Response embeddings(@Context HttpHeaders headers, String body) {
    return upstream.embeddings(call(headers), body);
  }

  @POST
  @Path("moderations")
  public Response moderations(@Context HttpHeaders headers, String body) {
    return upstream.moderations(call(headers), body);
  }

  @GET
  @Path("models")
  public Response models(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(FailurePlan.ERROR_HEADER) String error, @HeaderParam(FailurePlan.FAIL_RATE_HEADER) String failRate) {
    return upstream.models(call(authorization, null, error, failRate));
  }

  @GET
  @Path("models/{model}")
  public Response model(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(FailurePlan.ERROR_HEADER) String error, @HeaderParam(FailurePlan.FAIL_RATE_HEADER) String failRate,
      @PathParam("model") String model) {
    return upstream.model(call(authorization, null, error, failRate), model);
  }

  /** Any other path: OpenAI's 404 for an unknown URL, not the collector's problem+json. */
  @GET
  @Path("{other: .+}")
  public Response unknownGet(@Context Request request, @PathParam("other") String other) {
    return unknown(request, other);
  }

  @POST
  @Path("{other: .+}")
  public Response unknownPost(@Context Request request, @PathParam("other") String other) {
    return unknown(request, other);
  }

  @DELETE
  @Path("{other: .+}")
  public Response unknownDelete(@Context Request request, @PathParam("other") String other) {
    return unknown(request, other);
  }

  private static Response unknown(Request request, String other) {
    return new OpenAiError(404, "Invalid URL (" + request.getMethod() + " /v1/" + other + ")",
        "invalid_request_error", null, null).toResponse(JSON);
  }

  private static MockUpstream.Call call(HttpHeaders headers) {
    return MockUpstream.Call.of(key(headers.getHeaderString(HttpHeaders.AUTHORIZATION)), headers);
  }

  private static MockUpstream.Call call(String authorization, String latency, String error, String failRate) {
    return new MockUpstream.Call(key(authorization), latency, error, failRate);
  }

  private static String key(String authorization) {
    return MockAuthFilter.apiKey(authorization).orElse("");
  }
}
