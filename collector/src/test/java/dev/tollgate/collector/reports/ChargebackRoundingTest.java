package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.collector.reports.ChargebackRounding.Allocation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChargebackRoundingTest {

  private static List<BigDecimal> amounts(String... values) {
    return List.of(values).stream().map(BigDecimal::new).toList();
  }

  private static List<String> plain(Allocation a) {
    return a.lines().stream().map(BigDecimal::toPlainString).toList();
  }

  @Test
  void ratingMdExampleThreeLinesOfHalfACent() {
    Allocation a = ChargebackRounding.allocate(amounts("0.005", "0.005", "0.005"));

    assertThat(a.total().toPlainString()).isEqualTo("0.02");
    assertThat(plain(a)).containsExactly("0.01", "0.01", "0.00");
  }

  @Test
  void totalRoundsHalfEven() {
    assertThat(ChargebackRounding.allocate(amounts("0.025")).total().toPlainString()).isEqualTo("0.02");
    assertThat(ChargebackRounding.allocate(amounts("0.035")).total().toPlainString()).isEqualTo("0.04");
    assertThat(ChargebackRounding.allocate(amounts("0.0250000001")).total().toPlainString()).isEqualTo("0.03");
    assertThat(plain(ChargebackRounding.allocate(amounts("0.025")))).containsExactly("0.02");
  }

  @Test
  void missingCentsGoToTheLargestRemaindersFirst() {
    // exact 1.0169 -> 1.02; floors 0.33 + 0.33 + 0.34 = 1.00; remainders 0.0001, 0.0099, 0.0069:
    // the two missing cents go to the second and third lines.
    Allocation a = ChargebackRounding.allocate(amounts("0.3301", "0.3399", "0.3469"));
    assertThat(a.total().toPlainString()).isEqualTo("1.02");
    assertThat(plain(a)).containsExactly("0.33", "0.34", "0.35");

    // exact 0.0215 -> 0.02; floors 0.00 + 0.01 + 0.00 = 0.01; one cent to the largest remainder (0.0089).
    Allocation b = ChargebackRounding.allocate(amounts("0.0089", "0.0117", "0.0009"));
    assertThat(b.total().toPlainString()).isEqualTo("0.02");
    assertThat(plain(b)).containsExactly("0.01", "0.01", "0.00");
  }

  @Test
  void tiesGoToTheLineThatSortsFirst() {
    // exact 0.012 -> 0.01; all remainders 0.003 (0.004 for none): first line wins.
    Allocation a = ChargebackRounding.allocate(amounts("0.003", "0.003", "0.003", "0.003"));
    assertThat(a.total().toPlainString()).isEqualTo("0.01");
    assertThat(plain(a)).containsExactly("0.01", "0.00", "0.00", "0.00");

    Allocation b = ChargebackRounding.allocate(amounts("1.004", "2.006", "3.006"));
    assertThat(b.total().toPlainString()).isEqualTo("6.02");
    assertThat(plain(b)).containsExactly("1.00", "2.01", "3.01");
  }

  @Test
  void exactCentsNeedNoAdjustmentAndEmptyIsZero() {
    Allocation a = ChargebackRounding.allocate(amounts("1.10", "0", "2.25"));
    assertThat(a.total().toPlainString()).isEqualTo("3.35");
    assertThat(plain(a)).containsExactly("1.10", "0.00", "2.25");
    assertThat(ChargebackRounding.allocate(List.of()).total()).isEqualByComparingTo("0");
  }

  @Test
  void negativeAmountsAreRefused() {
    assertThatThrownBy(() -> ChargebackRounding.allocate(amounts("0.01", "-0.005")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyLinesAlwaysAddUpAndStayWithinACentOfExact() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      List<BigDecimal> exact = new ArrayList<>();
      int n = 1 + random.nextInt(60);
      for (int i = 0; i < n; i++) {
        exact.add(BigDecimal.valueOf(random.nextInt(1_000_000_000), 7 + random.nextInt(6)));
      }
      Allocation a = ChargebackRounding.allocate(exact);
      BigDecimal sum = exact.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      assertThat(a.total()).isEqualByComparingTo(sum.setScale(2, RoundingMode.HALF_EVEN));
      assertThat(a.lines().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(a.total());
      for (int i = 0; i < n; i++) {
        BigDecimal floor = exact.get(i).setScale(2, RoundingMode.DOWN);
        assertThat(a.lines().get(i)).isIn(floor, floor.add(new BigDecimal("0.01")));
        assertThat(a.lines().get(i).scale()).isEqualTo(2);
      }
    }
  }
}
