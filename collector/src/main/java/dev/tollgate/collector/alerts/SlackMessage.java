package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An alert as a Slack incoming-webhook message: a non-empty {@code text} of at most 3,000
 * characters (Slack's notification fallback) and one {@code section} block with the same
 * summary as {@code mrkdwn} (Slack's limit for a section's text is also 3,000). Text taken
 * from callers (team and model names) is escaped as Slack asks: {@code &}, {@code <}, {@code >}.
 */
final class SlackMessage {

  static final int MAX_TEXT = 3000;

  private SlackMessage() {}

  /** The message body for {@code payload} (an alert payload); {@code test} marks a test send. */
  static String of(ObjectMapper json, JsonNode payload, boolean test) {
    String text = truncate((test ? "[Test] " : "") + summary(payload));
    ObjectNode message = json.createObjectNode();
    message.put("text", text);
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    ObjectNode sectionText = section.putObject("text");
    sectionText.put("type", "mrkdwn");
    sectionText.put("text", text);
    return message.toString();
  }

  static String summary(JsonNode payload) {
    JsonNode d = payload.path("details");
    String team = "*" + escape(payload.path("team").asText("(no team)")) + "*";
    return switch (payload.path("type").asText()) {
      case "quota_threshold" -> "Team " + team + " has used " + d.path("threshold").asText() + "% of its "
          + periodWord(d.path("period").asText()) + " " + d.path("unit").asText() + " quota: "
          + d.path("used").asText() + " of " + d.path("limit").asText()
          + (d.path("period_end").isNull() ? "." : " (the period ends " + d.path("period_end").asText() + ").")
          + (d.path("refusals").isNull() ? "" : " Leases refused so far: " + d.path("refusals").asText() + ".");
      case "unpriced_model" -> "Model `" + escape(d.path("model").asText()) + "` has no price in the price book"
          + " (first seen " + d.path("first_seen").asText() + ", team " + team + "): its calls are rated at zero"
          + " until a price is added.";
      case "spend_spike" -> "Team " + team + " spent " + d.path("spend").asText() + " on " + d.path("day").asText()
          + ", " + d.path("multiple").asText() + " times its daily average of " + d.path("average").asText()
          + " over the 7 days before.";
      default -> "Tollgate alert " + escape(payload.path("type").asText());
    };
  }

  private static String periodWord(String period) {
    return switch (period) {
      case "day" -> "daily";
      case "week" -> "weekly";
      case "month" -> "monthly";
      default -> period;
    };
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String truncate(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "\u2026";
  }
}
