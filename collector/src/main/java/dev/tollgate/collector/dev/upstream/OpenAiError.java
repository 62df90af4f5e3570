package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * An error in OpenAI's shape, {@code {"error": {message, type, param, code}}}, with the status
 * and, for 429, the {@code retry-after} headers OpenAI sends.
 */
record OpenAiError(int status, String message, String type, String param, String code) {

  static final String RETRY_AFTER_SECONDS = "1";
  static final String RETRY_AFTER_MILLIS = "300";

  /** The error a simulated failure with {@code status} answers, as OpenAI words it; empty for other statuses. */
  static Optional<OpenAiError> simulated(int status, String model) {
    String name = model == null || model.isBlank() ? "gpt-4o-mini" : model;
    return Optional.ofNullable(switch (status) {
      case 400 -> new OpenAiError(400, "This model's maximum context length is 128000 tokens. However, your "
          + "messages resulted in 131072 tokens. Please reduce the length of the messages.",
          "invalid_request_error", "messages", "context_length_exceeded");
      case 401 -> invalidApiKey();
      case 403 -> new OpenAiError(403, "You are not allowed to sample from this model",
          "invalid_request_error", null, "model_not_found");
      case 404 -> new OpenAiError(404, "The model `" + name + "` does not exist or you do not have access to it.",
          "invalid_request_error", null, "model_not_found");
      case 429 -> new OpenAiError(429, "Rate limit reached for " + name + " in organization org-tollgatemock on "
          + "tokens per min (TPM): Limit 200000, Used 199800, Requested 1200. Please try again in 300ms. "
          + "Visit https://platform.openai.com/account/rate-limits to learn more.",
          "tokens", null, "rate_limit_exceeded");
      case 500 -> new OpenAiError(500, "The server had an error while processing your request. Sorry about that!",
          "server_error", null, null);
      case 502 -> new OpenAiError(502, "Bad gateway.", "server_error", null, null);
      case 503 -> new OpenAiError(503, "The engine is currently overloaded, please try again later.",
          "server_error", null, null);
      case 504 -> new OpenAiError(504, "Gateway timeout.", "server_error", null, null);
      default -> null;
    });
  }

  static OpenAiError missingApiKey() {
    return new OpenAiError(401, "You didn't provide an API key. You need to provide your API key in an "
        + "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password "
        + "field (with blank username) if you're accessing the API from your browser and are prompted for a "
        + "username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
        "invalid_request_error", null, null);
  }

  static OpenAiError invalidApiKey() {
    return new OpenAiError(401, "Incorrect API key provided: sk-mock-****. You can find your API key at "
        + "https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
  }

  /** A restricted key without the scope an endpoint needs. */
  static OpenAiError missingScope(String scope) {
    return new OpenAiError(401, "You have insufficient permissions for this operation. Missing scopes: " + scope
        + ". Check that you have the correct role in your organization (Reader, Writer, Owner) and project.",
        "invalid_request_error", null, null);
  }

  static OpenAiError invalid(String message, String param, String code) {
    return new OpenAiError(400, message, "invalid_request_error", param, code);
  }

  static OpenAiError missing(String param) {
    return invalid("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
  }

  static OpenAiError malformedJson() {
    return invalid("We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
        + "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid "
        + "JSON.)", null, null);
  }

  ObjectNode body(ObjectMapper json) {
    ObjectNode body = json.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return body;
  }

  Response toResponse(ObjectMapper json) {
    Response.ResponseBuilder response = Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(body(json).toString());
    if (status == 429) {
      response.header("retry-after", RETRY_AFTER_SECONDS).header("retry-after-ms", RETRY_AFTER_MILLIS);
    }
    return response.build();
  }
}
