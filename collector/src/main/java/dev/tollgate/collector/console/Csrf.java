package dev.tollgate.collector.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The CSRF check every console form passes: the session's token, compared in constant time. */
final class Csrf {

  static final String REFUSED = "<p class=\"error\" id=\"error\">This form has expired or did not come from the "
      + "console. Go back, reload the page and try again.</p>";

  private Csrf() {}

  static boolean matches(ConsoleSession session, String submitted) {
    return submitted != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
        submitted.getBytes(StandardCharsets.UTF_8));
  }
}
