package dev.tollgate.collector.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Rounds a team's exact line amounts to cents so that the lines add up to the rounded total
 * (rating.md, "Chargeback rounding"): the total is the exact sum rounded half-even to cents;
 * each line is rounded down to cents, and the cents still missing go, one each, to the lines
 * with the largest remainders, ties to the line that comes first in the given order.
 */
public final class ChargebackRounding {

  private static final BigDecimal CENT = new BigDecimal("0.01");

  private ChargebackRounding() {}

  /** A team's rounded total and its lines in the order given. */
  public record Allocation(BigDecimal total, List<BigDecimal> lines) {

    public Allocation {
      Objects.requireNonNull(total, "total");
      lines = List.copyOf(lines);
    }
  }

  /**
   * @param exact the lines' exact amounts, in the order that decides ties; none negative
   * @throws IllegalArgumentException for a negative amount (charges are never negative)
   */
  public static Allocation allocate(List<BigDecimal> exact) {
    BigDecimal sum = BigDecimal.ZERO;
    for (BigDecimal amount : exact) {
      if (Objects.requireNonNull(amount, "amount").signum() < 0) {
        throw new IllegalArgumentException("a chargeback line cannot be negative: " + amount);
      }
      sum = sum.add(amount);
    }
    BigDecimal total = sum.setScale(2, RoundingMode.HALF_EVEN);
    List<BigDecimal> lines = new ArrayList<>(exact.size());
    BigDecimal floored = BigDecimal.ZERO;
    for (BigDecimal amount : exact) {
      BigDecimal down = amount.setScale(2, RoundingMode.DOWN);
      lines.add(down);
      floored = floored.add(down);
    }
    // 0 <= missing <= number of lines: the floors lose less than a cent each, and the
    // half-even total is at least the floor of the exact sum.
    int missing = total.subtract(floored).divide(CENT).intValueExact();
    List<Integer> byRemainder = IntStream.range(0, exact.size()).boxed()
        .sorted(Comparator.<Integer, BigDecimal>comparing(i -> exact.get(i).subtract(lines.get(i))).reversed()
            .thenComparing(i -> i))
        .toList();
    for (int k = 0; k < missing; k++) {
      int i = byRemainder.get(k);
      lines.set(i, lines.get(i).add(CENT));
    }
    return new Allocation(total, lines);
  }
}
