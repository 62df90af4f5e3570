package dev.tollgate.collector.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lease ids: version 7 UUIDs (RFC 9562), whose first 48 bits are the millisecond they were made
 * at. So a settle that names a lease not written yet ({@link LeaseWriter}) can tell a lease made
 * within its lifetime, which may still be on its way from the instance that granted it, from an
 * id that names nothing. (Ids in time order also keep the leases' primary key appending.) The
 * rest is random; a lease id grants nothing by itself, every use of it is checked against the
 * caller's own leases.
 */
final class LeaseIds {

  /**
   * How long after a lease id was made an event under it that finds no lease is kept for the
   * lease's writer ({@link QuotaConsumption}): far longer than a write takes.
   */
  static final Duration UNWRITTEN_FOR = Duration.ofMinutes(1);

  private LeaseIds() {}

  /** A new lease id made at {@code now}. */
  static UUID next(Instant now) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (now.toEpochMilli() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** Whether {@code id} was made within {@link #UNWRITTEN_FOR} before {@code now} (or a second after it). */
  static boolean mayBeUnwritten(UUID id, Instant now) {
    return madeAt(id).filter(made -> !made.isAfter(now.plusSeconds(1)) && made.plus(UNWRITTEN_FOR).isAfter(now))
        .isPresent();
  }

  /** When {@code id} was made, if it is a lease id of this kind (version 7, IETF variant). */
  static Optional<Instant> madeAt(UUID id) {
    if (id.version() != 7 || id.variant() != 2) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16));
  }
}
