package dev.tollgate.collector.console;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Set;

/** The filter forms: GET forms, so that every filtered page is a bookmarkable URL. */
final class Forms {

  static final List<String> USAGE_GROUPS = List.of("team", "client", "model", "source", "end_user", "day", "week",
      "month");

  private Forms() {}

  /** Range, team, client, model, source, status, trace id, end user and a tag, pre-filled from {@code query}. */
  static String filters(String action, MultivaluedMap<String, String> query, List<ConsoleSessionDao.TeamChoice> teams,
      String extra) {
    StringBuilder out = new StringBuilder("<form method=\"get\" action=\"").append(action)
        .append("\" class=\"filters\" id=\"filters\">")
        .append(input("From (UTC)", "from", "date", first(query, "from")))
        .append(input("To (UTC, exclusive)", "to", "date", first(query, "to")))
        .append("<label>Team<select name=\"team_id\" id=\"team_id\"><option value=\"\">All teams</option>");
    String team = first(query, "team_id");
    for (ConsoleSessionDao.TeamChoice choice : teams) {
      String id = choice.id().toString();
      out.append("<option value=\"").append(id).append('"').append(id.equals(team) ? " selected" : "").append('>')
          .append(Html.esc(choice.name())).append("</option>");
    }
    out.append("</select></label>")
        .append(input("Client id", "client_id", "text", first(query, "client_id")))
        .append(input("Model", "model", "text", first(query, "model")))
        .append(input("Source", "source", "text", first(query, "source")))
        .append(input("Trace id", "trace_id", "text", first(query, "trace_id")))
        .append(input("End user", "end_user", "text", first(query, "end_user")))
        .append(input("Tag (key=value)", ReportCalls.TAG_FIELD, "text", tag(query)))
        .append("<label>Status<select name=\"status\" id=\"status\">");
    String status = first(query, "status");
    for (String option : List.of("", "success", "error")) {
      out.append("<option value=\"").append(option).append('"').append(option.equals(status) ? " selected" : "")
          .append('>').append(option.isEmpty() ? "Any" : option).append("</option>");
    }
    return out.append("</select></label>").append(extra)
        .append("<button type=\"submit\" id=\"apply\">Apply</button></form>").toString();
  }

  /** Group-by checkboxes. */
  static String groupBy(List<String> keys, Set<String> checked) {
    StringBuilder out = new StringBuilder("<fieldset><legend>Group by</legend>");
    for (String key : keys) {
      out.append("<label><input type=\"checkbox\" name=\"group_by\" value=\"").append(key).append("\" id=\"group_")
          .append(key).append('"').append(checked.contains(key) ? " checked" : "").append('>')
          .append(Html.esc(key)).append("</label>");
    }
    return out.append("</fieldset>").toString();
  }

  static String input(String label, String name, String type, String value) {
    return input(label, name, type, value, name);
  }

  /** An input whose id differs from its name (two forms on a page with a field of the same name). */
  static String input(String label, String name, String type, String value, String id) {
    return "<label>" + Html.esc(label) + "<input type=\"" + type + "\" name=\"" + name + "\" id=\"" + id
        + "\" value=\"" + Html.esc(value) + "\"></label>";
  }

  /** The first {@code tag.<key>} filter of the query as {@code key=value}, or empty. */
  private static String tag(MultivaluedMap<String, String> query) {
    for (String name : query.keySet()) {
      if (name.startsWith(ReportCalls.TAG_PREFIX) && !query.get(name).isEmpty()) {
        return name.substring(ReportCalls.TAG_PREFIX.length()) + "=" + query.getFirst(name);
      }
    }
    return "";
  }

  static String first(MultivaluedMap<String, String> query, String name) {
    String value = query.getFirst(name);
    return value == null ? "" : value;
  }
}
