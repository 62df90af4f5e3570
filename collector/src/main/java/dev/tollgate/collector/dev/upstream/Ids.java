package dev.tollgate.collector.dev.upstream;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Identifiers in OpenAI's formats; random, since OpenAI's differ on every call too. */
final class Ids {

  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Ids() {}

  static String chatCompletion() {
    return "chatcmpl-" + alphanumeric(29);
  }

  static String response() {
    return "resp_" + hex(24);
  }

  static String message() {
    return "msg_" + hex(24);
  }

  static String reasoning() {
    return "rs_" + hex(24);
  }

  static String moderation() {
    return "modr-" + hex(8);
  }

  static String request() {
    return "req_" + hex(16);
  }

  /** A stable fingerprint per model, as OpenAI's stays the same while a backend configuration does. */
  static String systemFingerprint(String model) {
    return "fp_" + HexFormat.of().toHexDigits(Answers.seed("fingerprint", model)).substring(0, 10);
  }

  /** Random letters and digits, for ids and key values. */
  static String suffix(int length) {
    return alphanumeric(length);
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static String alphanumeric(int length) {
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(ALPHANUMERIC.charAt(ThreadLocalRandom.current().nextInt(ALPHANUMERIC.length())));
    }
    return id.toString();
  }
}
