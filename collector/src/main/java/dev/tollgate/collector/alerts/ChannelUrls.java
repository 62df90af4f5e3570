package dev.tollgate.collector.alerts;

import dev.tollgate.collector.common.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Channel URLs: checked when set, and shown by reads only as a hint. A Slack incoming-webhook
 * URL is itself a credential (its path is the token), and any webhook URL may carry one, so
 * reads and logs show the scheme, host and port and the URL's last four characters.
 */
final class ChannelUrls {

  static final int MAX_LENGTH = 2048;

  private ChannelUrls() {}

  /** An absolute http(s) URL with a host and no user info; anything else is a 422 naming {@code field}. */
  static URI check(String url, String field) {
    if (url == null || url.isBlank()) {
      throw ProblemException.invalid(field, "is required");
    }
    if (url.length() > MAX_LENGTH) {
      throw ProblemException.invalid(field, "must be at most " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw ProblemException.invalid(field, "must be an absolute http or https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw ProblemException.invalid(field, "must be an absolute http or https URL with a host and no user info");
    }
    return uri;
  }

  /** {@code https://hooks.slack.com/...abcd}. */
  static String hint(URI uri) {
    String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    String rest = uri.toString().substring(Math.min(uri.toString().length(), origin.length()));
    if (rest.isEmpty() || rest.equals("/")) {
      return origin + "/";
    }
    return origin + "/..." + (rest.length() > 8 ? rest.substring(rest.length() - 4) : "");
  }
}
