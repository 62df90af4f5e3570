package dev.tollgate.sdk.internal.metering;

/**
 * The collector's bounds on usage-event text (collector-api.md, "Usage ingest"): at most 256
 * characters for endpoint, model, trace id and end user, at most 32 tags with keys of at most
 * 64 and values of at most 256 characters, and no control characters (U+0000-U+001F, U+007F).
 * What the caller sets is checked ({@link #check}); what the provider sends is trimmed
 * ({@link #trim}), so a call that was made is never lost to validation.
 */
public final class Bounds {

  /** Longest endpoint, model, trace id, end user or tag value. */
  public static final int TEXT = 256;
  /** Longest tag key. */
  public static final int TAG_KEY = 64;
  /** Most tags on one event. */
  public static final int TAGS = 32;
  /** Longest provider error message kept on an event. */
  public static final int ERROR_MESSAGE = 1024;

  private Bounds() {}

  /** {@code value} if it is within {@code max} characters and free of control characters; else an {@link IllegalArgumentException} naming {@code field}. */
  public static String check(String field, String value, int max) {
    if (value == null) {
      return null;
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(field + " must be at most " + max + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      if (control(value.charAt(i))) {
        throw new IllegalArgumentException(field + " must not contain control characters (at index " + i + ")");
      }
    }
    return value;
  }

  /** {@code value} with control characters replaced by spaces and cut to {@code max} characters. */
  public static String trim(String value, int max) {
    if (value == null) {
      return null;
    }
    String cut = value.length() > max ? value.substring(0, max) : value;
    for (int i = 0; i < cut.length(); i++) {
      if (control(cut.charAt(i))) {
        char[] chars = cut.toCharArray();
        for (int j = i; j < chars.length; j++) {
          if (control(chars[j])) {
            chars[j] = ' ';
          }
        }
        return new String(chars);
      }
    }
    return cut;
  }

  private static boolean control(char c) {
    return c < 0x20 || c == 0x7f;
  }
}
