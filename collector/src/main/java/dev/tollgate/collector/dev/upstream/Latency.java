package dev.tollgate.collector.dev.upstream;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How slowly the simulated upstream answers: {@code realistic} waits 200-400 ms before the first
 * token and 20 ms between streamed chunks, {@code fast} a tenth of that, {@code off} not at all.
 */
public enum Latency {
  OFF(0),
  FAST(10),
  REALISTIC(100);

  /** Header that picks the latency of one request. */
  public static final String HEADER = "x-mock-latency";
  /** Environment variable that sets the default latency. */
  public static final String ENV = "TOLLGATE_MOCK_LATENCY";

  private final int percent;

  Latency(int percent) {
    this.percent = percent;
  }

  /** Parses {@code off}, {@code fast} or {@code realistic} (any case); empty for anything else. */
  public static Optional<Latency> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "off", "none", "0" -> Optional.of(OFF);
      case "fast" -> Optional.of(FAST);
      case "realistic", "on" -> Optional.of(REALISTIC);
      default -> Optional.empty();
    };
  }

  /** Time to the first token: 200-400 ms at realistic pace, picked by the request's seed. */
  public Duration firstToken(long seed) {
    return scaled(200 + Math.floorMod(seed, 201));
  }

  /** Time between two streamed chunks. */
  public Duration betweenChunks() {
    return scaled(20);
  }

  /** Time a non-streamed answer of {@code chunks} chunks takes in all. */
  public Duration whole(long seed, int chunks) {
    return firstToken(seed).plus(betweenChunks().multipliedBy(Math.max(0, chunks - 1)));
  }

  private Duration scaled(long realisticMillis) {
    return Duration.ofMillis(realisticMillis * percent / 100);
  }
}
