package dev.tollgate.collector.common;


/** Small checks on text fields that bean validation cannot express on an optional PATCH field. */
public final class Texts {

  public static final int MAX_NAME = 200;

  private Texts() {}

  /** A PATCHed name: absent is fine, present must be non-blank and not too long. Returns it trimmed. */
  public static String name(String field, String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw ProblemException.invalid(field, "must not be blank");
    }
    if (trimmed.length() > MAX_NAME) {
      throw ProblemException.invalid(field, "must be at most " + MAX_NAME + " characters");
    }
    return trimmed;
  }
}
