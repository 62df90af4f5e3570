package dev.tollgate.collector.common;

import java.util.Optional;

/**
 * What text a caller may send, decided in one place for bodies, events and query
 * parameters. PostgreSQL cannot store NUL in text or an unpaired UTF-16 surrogate in UTF-8
 * (the first fails the statement, the second is silently replaced by {@code ?}), so no text
 * may hold either. One-line values (names, models, paths, ids, tags, filters) also hold no
 * other control character (U+0001-U+001F, U+007F). Names an admin picks also hold no
 * bidirectional or invisible formatting character (U+200B-U+200F, U+202A-U+202E,
 * U+2066-U+2069, U+FEFF), which can make one name display as another.
 */
public final class TextRules {

  private TextRules() {}

  /** Why {@code s} cannot be stored as text at all (NUL, unpaired surrogate), if it cannot. */
  public static Optional<String> unstorable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return Optional.of("must not contain NUL characters");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return Optional.of("must not contain unpaired surrogates (invalid UTF-16)");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return Optional.of("must not contain unpaired surrogates (invalid UTF-16)");
      }
    }
    return Optional.empty();
  }

  /** Why {@code s} is not a valid one-line value (control characters, or unstorable), if it is not. */
  public static Optional<String> notOneLine(String s) {
    return unstorable(s).or(() -> first(s, TextRules::isControl, "must not contain control characters"));
  }

  /** Why {@code s} is not a valid name (one line, and no bidirectional or invisible formatting), if it is not. */
  public static Optional<String> notAName(String s) {
    return notOneLine(s).or(() -> first(s, TextRules::isFormatting,
        "must not contain bidirectional or invisible formatting characters"));
  }

  /** Why {@code s} is not storable multi-line text (tabs and line breaks allowed), if it is not. */
  public static Optional<String> notText(String s) {
    return unstorable(s).or(() -> first(s, c -> isControl(c) && c != '\t' && c != '\n' && c != '\r',
        "must not contain control characters other than tab and line breaks"));
  }

  /** {@code rule} if any character of {@code s} is {@code forbidden}. */
  private static Optional<String> first(String s, CharPredicate forbidden, String rule) {
    for (int i = 0; i < s.length(); i++) {
      if (forbidden.test(s.charAt(i))) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  @FunctionalInterface
  private interface CharPredicate {
    boolean test(char c);
  }

  static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f;
  }

  static boolean isFormatting(char c) {
    return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
        || c == 0xfeff;
  }
}
