package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * HTML text for the console: every value goes through {@link #esc}, so a team called
 * {@code <script>} shows as text. Pages use no inline script or style (the CSP forbids them).
 */
final class Html {

  /** The console's sections, in the navigation's order: path and label. */
  static final List<Map.Entry<String, String>> NAV = List.of(Map.entry("/console", "Overview"),
      Map.entry("/console/transactions", "Transactions"), Map.entry("/console/performance", "Performance"),
      Map.entry("/console/usage", "Usage"), Map.entry("/console/sources", "Sources"),
      Map.entry("/console/chargeback", "Chargeback"));

  /** What an empty report table says. */
  static final String NO_ROWS = "No rows for these filters: widen the dates or clear a filter.";

  private Html() {}

  /** Escapes text for element content and double-quoted attributes. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A JSON value as the page shows it: text as is, null as empty. */
  static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "";
    }
    return node.isFloatingPointNumber() ? node.decimalValue().toPlainString() : node.asText();
  }

  static String url(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A whole page: head, navigation (when signed in), the body, and who is signed in. */
  static String page(String title, ConsoleSession session, String current, String body) {
    StringBuilder out = new StringBuilder(body.length() + 2048);
    out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(title)).append(" - Tollgate</title>")
        .append("<link rel=\"stylesheet\" href=\"/console/static/console.css\"></head><body>")
        .append("<header><span class=\"brand\">Tollgate</span>");
    if (session != null) {
      out.append("<nav>");
      List<Map.Entry<String, String>> items = new java.util.ArrayList<>(NAV);
      if (session.isAdmin()) {
        items.add(Map.entry("/console/admin", "Admin"));
      }
      for (Map.Entry<String, String> item : items) {
        out.append("<a href=\"").append(item.getKey()).append('"')
            .append(isCurrent(item.getKey(), current) ? " class=\"current\"" : "").append('>')
            .append(esc(item.getValue())).append("</a>");
      }
      out.append("</nav><form method=\"post\" action=\"/console/logout\" class=\"signout\">")
          .append(csrfField(session)).append("<span class=\"who\" id=\"role\">")
          .append(esc(session.role().name().toLowerCase(java.util.Locale.ROOT)))
          .append("</span><button type=\"submit\" id=\"sign-out\">Sign out</button></form>");
    }
    out.append("</header><main><h1>").append(esc(title)).append("</h1>").append(body).append("</main></body></html>");
    return out.toString();
  }

  private static boolean isCurrent(String item, String current) {
    return item.equals(current) || item.equals("/console/admin") && current.startsWith("/console/admin");
  }

  static String csrfField(ConsoleSession session) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(session.csrfToken()) + "\">";
  }

  /** A table of rows from the API's JSON: {@code columns} in order, the table's id for tests. */
  static String table(String id, List<String> columns, Iterable<JsonNode> rows) {
    return table(id, columns, rows, null, NO_ROWS);
  }

  /** A table whose rows are in {@code sort}'s order and whose headers sort it. */
  static String table(String id, List<String> columns, Iterable<JsonNode> rows, Sort sort) {
    return table(id, columns, sort.apply(rows, columns), null, NO_ROWS, sort);
  }

  /**
   * A table whose last column, when {@code actions} is given, holds each row's controls (HTML
   * the caller built from escaped values); {@code empty} says what an empty table means.
   */
  static String table(String id, List<String> columns, Iterable<JsonNode> rows,
      java.util.function.Function<JsonNode, String> actions, String empty) {
    return table(id, columns, rows, actions, empty, null);
  }

  private static String table(String id, List<String> columns, Iterable<JsonNode> rows,
      java.util.function.Function<JsonNode, String> actions, String empty, Sort sort) {
    StringBuilder out = new StringBuilder("<table id=\"").append(esc(id)).append("\"><thead><tr>");
    for (String column : columns) {
      out.append("<th>").append(sort == null ? esc(column) : sort.header(column)).append("</th>");
    }
    if (actions != null) {
      out.append("<th></th>");
    }
    out.append("</tr></thead><tbody>");
    int count = 0;
    for (JsonNode row : rows) {
      count++;
      out.append("<tr>");
      for (String column : columns) {
        out.append("<td>").append(esc(text(row.get(column)))).append("</td>");
      }
      if (actions != null) {
        out.append("<td class=\"row-actions\">").append(actions.apply(row)).append("</td>");
      }
      out.append("</tr>");
    }
    if (count == 0) {
      out.append("<tr><td colspan=\"").append(Math.max(1, columns.size() + (actions == null ? 0 : 1)))
          .append("\" class=\"empty\">").append(esc(empty)).append("</td></tr>");
    }
    return out.append("</tbody></table>").toString();
  }

  /** A one-button POST form with the session's CSRF token and hidden fields (name, value pairs). */
  static String button(ConsoleSession session, String action, String label, String id, String... hidden) {
    StringBuilder out = new StringBuilder("<form method=\"post\" action=\"").append(esc(action))
        .append("\" class=\"inline\">").append(csrfField(session));
    for (int i = 0; i + 1 < hidden.length; i += 2) {
      out.append("<input type=\"hidden\" name=\"").append(esc(hidden[i])).append("\" value=\"")
          .append(esc(hidden[i + 1])).append("\">");
    }
    return out.append("<button type=\"submit\" id=\"").append(esc(id)).append("\">").append(esc(label))
        .append("</button></form>").toString();
  }
}
