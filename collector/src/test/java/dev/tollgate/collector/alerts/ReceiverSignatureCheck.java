package dev.tollgate.collector.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A receiver's check of {@code Tollgate-Signature}, exactly as docs/alerts.md prints it. */
final class ReceiverSignatureCheck {

  private ReceiverSignatureCheck() {}

  // --- docs/alerts.md: begin ---
  static boolean verify(String signatureHeader, String body, String secret, Instant now)
      throws GeneralSecurityException {
    Map<String, String> parts = new HashMap<>();
    for (String part : signatureHeader.split(",")) {
      String[] kv = part.split("=", 2);
      parts.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
    }
    long t = Long.parseLong(parts.get("t"));
    if (Math.abs(now.getEpochSecond() - t) > 300) {
      return false; // older than 5 minutes: a replay
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts.get("v1")));
  }
  // --- docs/alerts.md: end ---
}
