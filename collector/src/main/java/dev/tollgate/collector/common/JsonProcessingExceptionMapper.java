package dev.tollgate.collector.common;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * Request bodies Jackson could not read. Malformed JSON is a 400 saying where it broke;
 * well-formed JSON with a value of the wrong type or an unknown enum value is a 422
 * naming the field.
 */
@Provider
public class JsonProcessingExceptionMapper implements ExceptionMapper<JsonProcessingException> {

  @Override
  public Response toResponse(JsonProcessingException e) {
    return Problems.response(problem(e));
  }

  /** The problem for a body Jackson could not read (the console's forms are read the same way). */
  public static Problem problem(JsonProcessingException e) {
    if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return new Problem(Problem.TYPE_BASE + "malformed-json", "Malformed JSON", 400,
          "The body is not valid JSON" + where, null, null);
    }
    String field = JsonPaths.of(mapping.getPath());
    if (field.isEmpty()) {
      return new Problem(Problem.TYPE_BASE + "malformed-json", "Malformed JSON", 400,
          "The body does not have the expected shape", null, null);
    }
    String message;
    if (e instanceof StrictJson.InvalidTextException text) {
      message = text.rule();
    } else if (e instanceof UnrecognizedPropertyException) {
      message = "is not a known field";
    } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
        && invalid.getTargetType().isEnum()) {
      message = "must be one of " + List.of(invalid.getTargetType().getEnumConstants()).toString()
          .toLowerCase(java.util.Locale.ROOT);
    } else if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
      message = "is not a valid " + simpleTypeName(invalid.getTargetType());
    } else if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      message = "must be a " + simpleTypeName(mismatched.getTargetType());
    } else {
      message = "is invalid";
    }
    return ProblemException.invalid(field, message).toProblem();
  }

  private static String simpleTypeName(Class<?> type) {
    if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
      return "number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "boolean";
    }
    if (type == String.class) {
      return "string";
    }
    if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
      return "ISO-8601 timestamp";
    }
    if (type == java.util.UUID.class) {
      return "UUID";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "list";
    }
    return "value";
  }
}
