package dev.tollgate.sdk.internal.metering;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Usage event ids: UUID version 7 (RFC 9562), the event's time in milliseconds in the first 48
 * bits and 74 random bits after it.
 *
 * <p>Time-ordered ids land next to each other in the collector's indexes on the event id (the
 * events, the id table and the charge lines), so ingest writes to a few pages that stay in
 * memory rather than to random ones across an index larger than the buffer pool
 * (docs/benchmarks.md, "Events as an SDK ships them"). The random part keeps the ids unguessable: an
 * id seen before is a duplicate for every client, so another client must not be able to claim
 * an id first. It comes from the same kind of generator as {@link UUID#randomUUID()}.
 */
public final class EventIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long MILLIS_MASK = 0xffff_ffff_ffffL;

  private EventIds() {}

  /** A new event id for an event at {@code time}. */
  public static UUID at(Instant time) {
    // One draw of 16 random bytes, as UUID.randomUUID() makes: 12 bits after the version, 62 after the variant.
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    ByteBuffer random = ByteBuffer.wrap(bytes);
    long msb = ((time.toEpochMilli() & MILLIS_MASK) << 16) | 0x7000L | (random.getLong() & 0x0fffL);
    long lsb = (random.getLong() & 0x3fff_ffff_ffff_ffffL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** The millisecond an id made by {@link #at} carries. */
  static long millis(UUID id) {
    return id.getMostSignificantBits() >>> 16;
  }
}
