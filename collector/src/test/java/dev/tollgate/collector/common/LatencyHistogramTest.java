package dev.tollgate.collector.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class LatencyHistogramTest {

  /** PostgreSQL's percentile_cont over the exact values. */
  static double percentileCont(List<Integer> values, double p) {
    List<Integer> sorted = values.stream().sorted().toList();
    double rank = p * (sorted.size() - 1);
    int lower = (int) Math.floor(rank);
    int upper = (int) Math.ceil(rank);
    return sorted.get(lower) + (rank - lower) * (sorted.get(upper) - sorted.get(lower));
  }

  /** Every latency below {@code below}, then each power of two up to 2^30 and its neighbours, a day, and the largest int. */
  public static List<Integer> latencies(int below) {
    List<Integer> values = new ArrayList<>();
    for (int v = 0; v < below; v++) {
      values.add(v);
    }
    for (int e = 8; e < 31; e++) {
      values.addAll(List.of((1 << e) - 1, 1 << e, (1 << e) + 1));
    }
    values.addAll(List.of(86_400_000, Integer.MAX_VALUE));
    return values;
  }

  @Test
  void bucketsBelow128MillisecondsAreExactAndAboveAre64PerPowerOfTwo() {
    assertThat(LatencyHistogram.bucket(0)).isZero();
    assertThat(LatencyHistogram.bucket(127)).isEqualTo(127);
    assertThat(LatencyHistogram.bucket(128)).isEqualTo(128);
    assertThat(LatencyHistogram.bucket(129)).isEqualTo(128);
    assertThat(LatencyHistogram.bucket(130)).isEqualTo(129);
    assertThat(LatencyHistogram.bucket(255)).isEqualTo(191);
    assertThat(LatencyHistogram.bucket(256)).isEqualTo(192);
    assertThat(LatencyHistogram.bucket(Integer.MAX_VALUE)).isEqualTo(128 + 23 * 64 + 63);
    assertThatThrownBy(() -> LatencyHistogram.bucket(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyLatencyIsInItsBucketAndWithinTheBoundOfItsMidpoint() {
    List<Integer> values = latencies(300_000);
    int previous = -1;
    for (int i = 0; i < values.size(); i++) {
      int v = values.get(i);
      int b = LatencyHistogram.bucket(v);
      long low = LatencyHistogram.lowest(b);
      assertThat(low).as("lowest of the bucket of %d", v).isLessThanOrEqualTo(v);
      assertThat(LatencyHistogram.lowest(b + 1)).as("next bucket after %d", v).isGreaterThan(v);
      assertThat(Math.abs(LatencyHistogram.midpoint(b) - v)).as("midpoint error at %d", v)
          .isLessThanOrEqualTo(v * LatencyHistogram.MAX_RELATIVE_ERROR);
      if (i < 300_000) {
        assertThat(b).as("buckets ascend with the value at %d", v).isGreaterThanOrEqualTo(previous);
        previous = b;
      }
    }
  }

  @Test
  void percentilesAreExactBelow128MillisecondsAndWithinTheBoundAbove() {
    Random random = new Random(7);
    List<Integer> small = new ArrayList<>();
    List<Integer> wide = new ArrayList<>();
    LatencyHistogram smallHistogram = new LatencyHistogram();
    LatencyHistogram wideHistogram = new LatencyHistogram();
    for (int i = 0; i < 5_001; i++) {
      int s = random.nextInt(128);
      int w = (int) (50 + -Math.log(1 - random.nextDouble()) * 700);
      small.add(s);
      wide.add(w);
      smallHistogram.add(s);
      wideHistogram.add(w);
    }
    for (double p : new double[] {0, 0.5, 0.95, 0.99, 1}) {
      assertThat(smallHistogram.percentile(p)).isCloseTo(percentileCont(small, p), within(1e-9));
      double exact = percentileCont(wide, p);
      assertThat(wideHistogram.percentile(p)).as("p%s", p)
          .isCloseTo(exact, within(exact * LatencyHistogram.MAX_RELATIVE_ERROR));
    }
    assertThat(wideHistogram.count()).isEqualTo(5_001);
    assertThat(new LatencyHistogram().percentile(0.5)).isNull();
  }

  @Test
  void theStoredFormAddsUpAndRoundTrips() {
    LatencyHistogram a = new LatencyHistogram();
    a.add(0);
    a.add(5);
    a.add(300);
    a.add(300);
    a.add(LatencyHistogram.bucket(Integer.MAX_VALUE), 1L << 40);
    LatencyHistogram sum = new LatencyHistogram();
    sum.addEncoded(a.encode());
    sum.add(LatencyHistogram.bucket(300), 3);
    assertThat(sum.buckets()).containsExactly(0, 5, LatencyHistogram.bucket(300), LatencyHistogram.bucket(Integer.MAX_VALUE));
    assertThat(sum.counts()).containsExactly(1, 1, 5, 1L << 40);
    assertThat(sum.count()).isEqualTo(7 + (1L << 40));
    LatencyHistogram again = new LatencyHistogram();
    again.addEncoded(sum.encode());
    assertThat(again.encode()).isEqualTo(sum.encode());
    // Bucket 0 once, bucket 5 once: gaps 0 and 4, one byte each.
    assertThat(java.util.Arrays.copyOf(a.encode(), 4)).containsExactly(0, 1, 4, 1);
    assertThat(new LatencyHistogram().encode()).isEmpty();
  }

  @Test
  void aDamagedStoredFormIsRefused() {
    assertThatThrownBy(() -> new LatencyHistogram().addEncoded(new byte[] {0, (byte) 0x80}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
