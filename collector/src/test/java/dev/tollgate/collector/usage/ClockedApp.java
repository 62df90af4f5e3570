package dev.tollgate.collector.usage;

import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.testing.MutableClock;
import java.time.Clock;
import java.time.Instant;

/** The collector with a clock tests control. One clock per JVM: test classes set it in {@code @BeforeAll}. */
public class ClockedApp extends TollgateApplication {

  public static final Instant DEFAULT_NOW = Instant.parse("2026-11-27T12:00:00Z");
  public static final MutableClock CLOCK = new MutableClock(DEFAULT_NOW);

  @Override
  protected Clock clock() {
    return CLOCK;
  }
}
