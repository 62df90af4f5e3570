package dev.tollgate.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the OpenAI-shaped fixtures from the folder surefire names in {@code tollgate.fixtures}. */
final class Fixtures {

  private Fixtures() {}

  static Path dir() {
    String d = System.getProperty("tollgate.fixtures", "../fixtures/openai");
    return Path.of(d);
  }

  static String read(String name) {
    try {
      return Files.readString(dir().resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
