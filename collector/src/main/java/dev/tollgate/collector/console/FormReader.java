package dev.tollgate.collector.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.common.ConstraintViolationExceptionMapper;
import dev.tollgate.collector.common.JsonProcessingExceptionMapper;
import dev.tollgate.collector.common.Problem;
import dev.tollgate.collector.common.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an admin form into the request record the REST API reads from JSON: the form's fields
 * carry the API's field names, the body is converted by the API's {@link ObjectMapper} and
 * checked by the same bean-validation constraints, and a failure is the API's own problem
 * (status, fields, messages), which the page shows instead of problem+json.
 */
final class FormReader {

  private final ObjectMapper json;
  private final Validator validator;

  FormReader(ObjectMapper json, Validator validator) {
    this.json = json;
    this.validator = validator;
  }

  /** The form's non-blank fields, as a JSON body would carry them (text values, stripped). */
  static Map<String, Object> body(MultivaluedMap<String, String> form, String... names) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (String name : names) {
      String value = form.getFirst(name);
      if (value != null && !value.isBlank()) {
        body.put(name, value.strip());
      }
    }
    return body;
  }

  /** The form's non-blank values of a repeated field (checkboxes, multiple selects). */
  static List<String> all(MultivaluedMap<String, String> form, String name) {
    return form.getOrDefault(name, List.of()).stream().filter(v -> v != null && !v.isBlank()).map(String::strip)
        .toList();
  }

  /** {@code body} as the API's request type, validated as the API validates it. */
  <T> T read(Map<String, Object> body, Class<T> type) {
    T request;
    try {
      request = json.convertValue(body, type);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof JsonProcessingException unreadable) {
        Problem problem = JsonProcessingExceptionMapper.problem(unreadable);
        throw new ProblemException(problem.status(),
            problem.type().replace(Problem.TYPE_BASE, ""), problem.title(), problem.detail(),
            problem.errors(), null);
      }
      throw ProblemException.badRequest("The form could not be read", null);
    }
    Set<ConstraintViolation<T>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      throw ConstraintViolationExceptionMapper.problem(violations);
    }
    return request;
  }

  /** A value (a service's answer) as the API's JSON, for the tables. */
  com.fasterxml.jackson.databind.JsonNode tree(Object value) {
    return json.valueToTree(value);
  }
}
