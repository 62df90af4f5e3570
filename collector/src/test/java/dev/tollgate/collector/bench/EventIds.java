package dev.tollgate.collector.bench;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * Event ids laid out as the SDK's {@code dev.tollgate.sdk.internal.metering.EventIds} makes them (RFC 9562
 * version 7: the time in milliseconds, then random bits), from a seeded generator so that a benchmark
 * sends the same ids each run. The collector does not depend on the SDK, hence this copy of the layout.
 */
final class EventIds {

  private EventIds() {}

  static UUID at(Instant time, Random random) {
    long msb = (time.toEpochMilli() << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
