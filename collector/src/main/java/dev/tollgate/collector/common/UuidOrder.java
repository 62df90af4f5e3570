package dev.tollgate.collector.common;

import java.util.Comparator;
import java.util.UUID;

/**
 * PostgreSQL's order of {@code uuid} values: byte by byte, unsigned. Java's
 * {@link UUID#compareTo} compares the two halves as signed longs, so it puts every id whose
 * first hex digit is 8 to f before the others. Rows that Java code locks one by one are locked
 * in this order, the order in which a statement's {@code ORDER BY id ... FOR UPDATE} locks
 * them, so a transaction of either kind waits for the other instead of deadlocking with it.
 */
public final class UuidOrder {

  /** PostgreSQL's order. */
  public static final Comparator<UUID> POSTGRES = Comparator
      .comparing(UUID::getMostSignificantBits, Long::compareUnsigned)
      .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

  private UuidOrder() {}
}
