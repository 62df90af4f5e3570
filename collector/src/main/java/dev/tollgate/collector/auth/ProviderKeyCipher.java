package dev.tollgate.collector.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Provider keys at rest: AES-GCM with a random 96-bit nonce per value; the stored bytes
 * are nonce followed by ciphertext and tag. The key comes from {@code TOLLGATE_ENCRYPTION_KEY}.
 */
public final class ProviderKeyCipher {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  /** @param base64Key base64 of 16, 24 or 32 bytes */
  public ProviderKeyCipher(String base64Key) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("encryptionKey must be base64 of a 128, 192 or 256-bit key");
    }
    if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
      throw new IllegalArgumentException("encryptionKey must be base64 of a 128, 192 or 256-bit key");
    }
    this.key = new SecretKeySpec(raw, "AES");
  }

  public byte[] encrypt(String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  public String decrypt(byte[] stored) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
      byte[] plain = cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Provider key cannot be decrypted: wrong encryption key?", e);
    }
  }

  /** What reads show instead of the key: {@code sk-...abcd}. */
  public static String hint(String apiKey) {
    String head = apiKey.startsWith("sk-") ? "sk-" : "";
    String tail = apiKey.length() > 8 ? apiKey.substring(apiKey.length() - 4) : "";
    return head + "..." + tail;
  }
}
