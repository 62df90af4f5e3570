package dev.tollgate.collector.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one exception the collector's services throw for anything a caller did wrong;
 * {@link ProblemExceptionMapper} turns it into {@code application/problem+json}.
 */
public class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, Object> extensions;

  public ProblemException(int status, String type, String title, String detail,
      List<FieldError> errors, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.extensions = extensions == null ? Map.of() : new LinkedHashMap<>(extensions);
  }

  /** 400: the request could not be read at all. */
  public static ProblemException badRequest(String detail, String field) {
    return new ProblemException(400, "bad-request", "Bad Request", detail,
        field == null ? List.of() : List.of(new FieldError(field, detail)), null);
  }

  /** 422: one field is well-formed but invalid. */
  public static ProblemException invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  /** 422: fields that are well-formed but invalid. */
  public static ProblemException invalid(List<FieldError> errors) {
    String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
        : errors.size() + " fields are invalid";
    return new ProblemException(422, "validation", "Invalid request", detail, errors, null);
  }

  /** 404: unknown id, also for another team's ids so that existence does not leak. */
  public static ProblemException notFound(String what) {
    return new ProblemException(404, "not-found", "Not Found", what + " not found", null, null);
  }

  /** 409: a name that must be unique is taken. */
  public static ProblemException conflict(String field, String detail) {
    return new ProblemException(409, "conflict", "Conflict", detail,
        List.of(new FieldError(field, detail)), null);
  }

  /** 403: authenticated but not allowed. */
  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "forbidden", "Forbidden", detail, null, null);
  }

  /** 402: a quota or subscription refusal; {@code reason} is one of the spec's reasons. */
  public static ProblemException paymentRequired(String reason, String detail, Map<String, Object> more) {
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("reason", reason);
    if (more != null) {
      ext.putAll(more);
    }
    return new ProblemException(402, "payment-required", "Payment Required", detail, null, ext);
  }

  public int status() {
    return status;
  }

  /** The {@code reason} member of a 402 (quota_exceeded, no_subscription, ...), if any. */
  public Optional<String> reason() {
    return Optional.ofNullable(extensions.get("reason")).map(String::valueOf);
  }

  public Problem toProblem() {
    return new Problem(Problem.TYPE_BASE + type, title, status, getMessage(), errors, extensions);
  }
}
