package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.reports.UsageReport.Plan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which part of a usage report's range the rollup answers and which the raw events. */
class UsagePlanTest {

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static List<String> raw(Plan plan) {
    return plan.rawRanges().stream().map(r -> r[0] + "/" + r[1]).toList();
  }

  @Test
  void wholeDaysComeOnlyFromTheRollup() {
    Plan plan = Plan.of(at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), false);
    assertThat(plan.usesRollup()).isTrue();
    assertThat(plan.rollupFrom()).isEqualTo(LocalDate.parse("2026-11-01"));
    assertThat(plan.rollupTo()).isEqualTo(LocalDate.parse("2026-12-01"));
    assertThat(plan.rawRanges()).isEmpty();
  }

  @Test
  void partialEdgeDaysComeFromTheRawEvents() {
    Plan plan = Plan.of(at("2026-11-03T10:30:00Z"), at("2026-11-27T15:45:00Z"), false);
    assertThat(plan.rollupFrom()).isEqualTo(LocalDate.parse("2026-11-04"));
    assertThat(plan.rollupTo()).isEqualTo(LocalDate.parse("2026-11-27"));
    assertThat(raw(plan)).containsExactly("2026-11-03T10:30:00Z/2026-11-04T00:00:00Z",
        "2026-11-27T00:00:00Z/2026-11-27T15:45:00Z");

    Plan endOnly = Plan.of(at("2026-11-01T00:00:00Z"), at("2026-11-03T00:00:00.001Z"), false);
    assertThat(endOnly.rollupTo()).isEqualTo(LocalDate.parse("2026-11-03"));
    assertThat(raw(endOnly)).containsExactly("2026-11-03T00:00:00Z/2026-11-03T00:00:00.001Z");
  }

  @Test
  void noWholeDayOrRawOnlyGroupingReadsTheEventsOfTheWholeRange() {
    Plan small = Plan.of(at("2026-11-05T01:00:00Z"), at("2026-11-06T23:00:00Z"), false);
    assertThat(small.usesRollup()).isFalse();
    assertThat(raw(small)).containsExactly("2026-11-05T01:00:00Z/2026-11-06T23:00:00Z");

    Plan tags = Plan.of(at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"), true);
    assertThat(tags.usesRollup()).isFalse();
    assertThat(raw(tags)).containsExactly("2026-11-01T00:00:00Z/2026-12-01T00:00:00Z");
  }
}
