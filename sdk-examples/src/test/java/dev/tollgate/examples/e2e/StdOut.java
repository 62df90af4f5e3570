package dev.tollgate.examples.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what a program prints on {@code System.out} while it runs. */
public final class StdOut {

  /** A program's main, which may throw. */
  @FunctionalInterface
  public interface Program {
    void run() throws Exception;
  }

  private StdOut() {}

  public static String capture(Program program) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      program.run();
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }
}
