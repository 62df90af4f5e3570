package dev.tollgate.examples.officeday;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retrieval context of a realistic size: an office's assistants send the documents they found
 * with each question (a brand guide and past campaigns, helpdesk articles, papers), thousands of
 * tokens a call, far more than the question itself. The text is made up, the same for the same
 * topic and size, so that the simulated upstream's prompt cache sees repeated prefixes as a real
 * provider's would.
 */
final class Documents {

  private static final String[] WORDS = {
    "customer", "quarter", "revenue", "policy", "launch", "campaign", "audience", "channel", "budget", "review",
    "contract", "supplier", "security", "incident", "onboarding", "schedule", "feedback", "survey", "metric",
    "target", "region", "market", "brand", "message", "tone", "guideline", "product", "feature", "release",
    "support", "ticket", "answer", "escalation", "process", "team", "manager", "approval", "deadline", "risk",
    "analysis", "result", "finding", "method", "sample", "study", "trend", "forecast", "growth", "cost",
    "the", "and", "of", "to", "in", "for", "with", "on", "by", "from", "our", "this", "that", "each", "every"};

  private static final Map<String, String> MADE = new ConcurrentHashMap<>();

  private Documents() {}

  /** About {@code tokens} tokens of documents on {@code topic}, numbered as a retriever returns them. */
  static String about(String topic, int tokens) {
    return MADE.computeIfAbsent(topic + '\u0000' + tokens, key -> write(topic, tokens));
  }

  private static String write(String topic, int tokens) {
    Random random = new Random(topic.hashCode() * 31L + tokens);
    StringBuilder out = new StringBuilder(tokens * 6);
    // English prose runs at about 0.75 words a token; a document every 300 words.
    int words = tokens * 3 / 4;
    for (int i = 0; i < words; i++) {
      if (i % 300 == 0) {
        out.append("\n\nDocument ").append(i / 300 + 1).append(" on ").append(topic).append(":");
      }
      out.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
      if (i % 15 == 14) {
        out.append('.');
      }
    }
    return out.toString();
  }
}
