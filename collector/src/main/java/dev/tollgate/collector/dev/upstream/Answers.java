package dev.tollgate.collector.dev.upstream;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the simulated answer: sentences picked by a seed derived from the model and the prompt,
 * 16 to 111 tokens long unless the caller's token limit cuts it short, and split into the word-sized
 * chunks a stream sends.
 */
final class Answers {

  private static final List<String> SENTENCES = List.of(
      "Revenue grew steadily across the quarter, led by enterprise renewals.",
      "The proposal balances cost, risk and delivery time.",
      "Here is a short summary of the main points.",
      "Each team should review its budget before the next planning cycle.",
      "The invoice total matches the purchase order.",
      "Consider caching repeated prompts to lower the bill.",
      "Latency stayed within the agreed service level.",
      "This answer comes from the Tollgate simulated upstream.",
      "The data suggests a seasonal pattern in demand.",
      "A smaller model would likely handle this task well.",
      "Start with the simplest option and measure the result.",
      "The contract renews automatically unless cancelled in writing.",
      "Three risks stand out: scope, staffing and vendor lock-in.",
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
      "Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.",
      "Ut enim ad minim veniam, quis nostrud exercitation ullamco.",
      "Duis aute irure dolor in reprehenderit in voluptate velit esse.",
      "Excepteur sint occaecat cupidatat non proident.",
      "The migration can run during the weekend maintenance window.",
      "Customer satisfaction improved after the support changes.",
      "Please double-check the figures before sharing them externally.",
      "The draft email is ready for your review.",
      "In short, the plan is feasible within the current budget.",
      "Tokens are counted on both the prompt and the completion.");

  /** The written answer: its text, its tokens, whether the limit cut it, and its stream chunks. */
  record Answer(String text, int tokens, boolean truncated, List<String> chunks) {}

  private Answers() {}

  /** A stable 64-bit seed from the given parts (SHA-256 based). */
  static long seed(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      byte[] hash = digest.digest();
      long seed = 0;
      for (int i = 0; i < 8; i++) {
        seed = (seed << 8) | (hash[i] & 0xff);
      }
      return seed;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * Writes an answer for {@code seed}, at most {@code limit} tokens long (no limit if {@code limit}
   * is empty or not positive).
   */
  static Answer write(long seed, Encoding encoding, Integer limit) {
    SplittableRandom random = new SplittableRandom(seed);
    int target = 16 + random.nextInt(96);
    StringBuilder text = new StringBuilder();
    while (encoding.countTokensOrdinary(text.toString()) < target) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(SENTENCES.get(random.nextInt(SENTENCES.size())));
    }
    String full = text.toString();
    IntArrayList tokens = encoding.encodeOrdinary(full);
    boolean truncated = limit != null && limit > 0 && tokens.size() > limit;
    if (truncated) {
      IntArrayList kept = new IntArrayList(limit);
      for (int i = 0; i < limit; i++) {
        kept.add(tokens.get(i));
      }
      full = encoding.decode(kept);
    }
    return new Answer(full, encoding.countTokensOrdinary(full), truncated, chunks(full));
  }

  /** Splits before each space, so chunks read "Hello", " there", "." as OpenAI's deltas do. */
  static List<String> chunks(String text) {
    List<String> chunks = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (text.charAt(i) == ' ') {
        chunks.add(text.substring(start, i));
        start = i;
      }
    }
    if (start < text.length()) {
      chunks.add(text.substring(start));
    }
    return chunks;
  }
}
