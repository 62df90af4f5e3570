package dev.tollgate.collector.common;

import java.util.Arrays;

/**
 * A histogram of millisecond latencies with a bounded relative error, so that percentiles over
 * millions of calls come from a few hundred counts per day and key instead of every call.
 *
 * <p>Buckets: a latency below 128 ms has a bucket of its own (exact). From 128 ms on, each power
 * of two {@code [2^e, 2^(e+1))} is cut into 64 buckets of width {@code 2^(e-6)}. A bucket stands
 * for its midpoint, which is within {@link #MAX_RELATIVE_ERROR} (1/128, 0.79 %) of every value in
 * it. A percentile is computed as PostgreSQL's {@code percentile_cont} does (linear
 * interpolation between the values at the two nearest ranks), from those midpoints; since both
 * ranks' values are within the bound and interpolation is a weighted mean, so is the result.
 * Migration V16 computes the same buckets in SQL ({@code tollgate_latency_bucket}).
 *
 * <p>Not thread-safe: one report or one ingest batch builds one.
 */
public final class LatencyHistogram {

  /** The largest relative difference between a percentile from this histogram and the exact one. */
  public static final double MAX_RELATIVE_ERROR = 1.0 / 128;

  private static final int EXACT = 128;
  private static final int PER_OCTAVE = 64;

  private long[] counts = new long[0];
  private long total;

  /** The bucket of a latency of {@code millis} (0 or more). */
  public static int bucket(int millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("a latency cannot be negative: " + millis);
    }
    if (millis < EXACT) {
      return millis;
    }
    int e = 31 - Integer.numberOfLeadingZeros(millis);
    return EXACT + (e - 7) * PER_OCTAVE + ((millis >>> (e - 6)) - PER_OCTAVE);
  }

  /** The smallest latency in {@code bucket}. */
  static long lowest(int bucket) {
    if (bucket < EXACT) {
      return bucket;
    }
    int e = 7 + (bucket - EXACT) / PER_OCTAVE;
    long sub = (bucket - EXACT) % PER_OCTAVE + PER_OCTAVE;
    return sub << (e - 6);
  }

  /** The value {@code bucket} stands for: the midpoint of the whole milliseconds it holds. */
  static double midpoint(int bucket) {
    long low = lowest(bucket);
    long width = bucket < EXACT ? 1 : 1L << ((bucket - EXACT) / PER_OCTAVE + 1);
    return low + (width - 1) / 2.0;
  }

  /** Counts one latency. */
  public void add(int millis) {
    add(bucket(millis), 1);
  }

  /** Adds {@code count} latencies in {@code bucket}. */
  public void add(int bucket, long count) {
    if (bucket >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(bucket + 1, counts.length * 2));
    }
    counts[bucket] = Math.addExact(counts[bucket], count);
    total = Math.addExact(total, count);
  }

  /**
   * Adds a histogram in its stored form ({@link #encode()}).
   *
   * @throws IllegalArgumentException if {@code encoded} is not one
   */
  public void addEncoded(byte[] encoded) {
    int[] at = {0};
    int bucket = -1;
    while (at[0] < encoded.length) {
      long gap = varint(encoded, at);
      long count = varint(encoded, at);
      if (gap > Integer.MAX_VALUE - 1 - bucket) {
        throw new IllegalArgumentException("bucket out of range in a stored histogram");
      }
      bucket += (int) gap + 1;
      add(bucket, count);
    }
  }

  /**
   * The stored form (latency_daily, V16): for each non-empty bucket, ascending, the gap from
   * the previous one ({@code bucket - previous - 1}, the first from -1) and the count, each an
   * unsigned LEB128 varint (7 bits a byte, low bits first, the high bit on all but the last).
   */
  public byte[] encode() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int previous = -1;
    for (int b = 0; b < counts.length; b++) {
      if (counts[b] > 0) {
        writeVarint(out, b - previous - 1);
        writeVarint(out, counts[b]);
        previous = b;
      }
    }
    return out.toByteArray();
  }

  private static void writeVarint(java.io.ByteArrayOutputStream out, long value) {
    while (value >= 0x80) {
      out.write((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static long varint(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (at[0] >= bytes.length) {
        throw new IllegalArgumentException("truncated stored histogram");
      }
      int b = bytes[at[0]++] & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint too long in a stored histogram");
  }

  /** How many latencies were counted. */
  public long count() {
    return total;
  }

  /** The non-empty buckets, ascending. */
  public int[] buckets() {
    return java.util.stream.IntStream.range(0, counts.length).filter(b -> counts[b] > 0).toArray();
  }

  /** The counts of {@link #buckets()}, in the same order. */
  public long[] counts() {
    return Arrays.stream(counts).filter(c -> c > 0).toArray();
  }

  /**
   * The {@code p} percentile (0 to 1) as {@code percentile_cont} computes it, from the buckets'
   * midpoints; null when nothing was counted.
   */
  public Double percentile(double p) {
    if (total == 0) {
      return null;
    }
    double rank = p * (total - 1);
    long lower = (long) Math.floor(rank);
    long upper = (long) Math.ceil(rank);
    double low = valueAt(lower);
    double high = upper == lower ? low : valueAt(upper);
    return low + (rank - lower) * (high - low);
  }

  /** The midpoint of the bucket holding the value of 0-based rank {@code rank}. */
  private double valueAt(long rank) {
    long seen = 0;
    for (int b = 0; b < counts.length; b++) {
      seen += counts[b];
      if (seen > rank) {
        return midpoint(b);
      }
    }
    throw new IllegalStateException("rank " + rank + " beyond " + total);
  }
}
