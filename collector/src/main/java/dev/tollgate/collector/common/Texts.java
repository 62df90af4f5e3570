package dev.tollgate.collector.common;

/** Small checks on text fields that bean validation cannot express on an optional PATCH field. */
public final class Texts {

  public static final int MAX_NAME = 200;

  private Texts() {}

  /**
   * A name: absent is fine (a PATCH), present must be non-blank, not too long, and free of control,
   * bidirectional and invisible formatting characters ({@link TextRules#notAName}). Returns it trimmed.
   */
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
    TextRules.notAName(trimmed).ifPresent(rule -> {
      throw ProblemException.invalid(field, rule);
    });
    return trimmed;
  }
}
