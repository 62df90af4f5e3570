package dev.tollgate.collector.common;

import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Bean-validation failures as a 422 listing each field at fault. */
@Provider
public class ConstraintViolationExceptionMapper implements ExceptionMapper<JerseyViolationException> {

  @Override
  public Response toResponse(JerseyViolationException e) {
    return Problems.response(problem(e.getConstraintViolations()).toProblem());
  }

  /**
   * The problem for a request's bean-validation failures, as the API answers them; the console's
   * forms, which validate the same request records, show the same fields and messages.
   */
  public static ProblemException problem(Collection<? extends ConstraintViolation<?>> violations) {
    List<FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> violation : violations) {
      errors.add(new FieldError(fieldOf(violation.getPropertyPath()), violation.getMessage()));
    }
    errors.sort(Comparator.comparing(FieldError::field));
    if (errors.size() == 1 && errors.get(0).field().isEmpty()) {
      return ProblemException.badRequest("A request body is required", null);
    }
    return ProblemException.invalid(errors);
  }

  /** Drops the method and parameter nodes Jersey puts in front: {@code create.arg0.name} -> {@code name}. */
  static String fieldOf(Path path) {
    StringBuilder out = new StringBuilder();
    for (Path.Node node : path) {
      switch (node.getKind()) {
        case METHOD, PARAMETER, RETURN_VALUE, CROSS_PARAMETER -> {
          continue;
        }
        default -> { }
      }
      if (node.getIndex() != null && out.length() > 0) {
        out.append('[').append(node.getIndex()).append(']');
      }
      if (node.getName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(snakeCase(node.getName()));
      }
    }
    return out.toString();
  }

  /** JSON names are snake_case; Java's property names are camelCase. */
  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (char c : name.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
