package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Folding the parts of one FOCUS row: sums add up, only the tags every part agrees on stay. */
class FocusRowTest {

  private static final UUID TEAM = UUID.randomUUID();

  private static FocusRow part(String unitPrice, String quantity, String amount, Map<String, String> tags) {
    FocusRow.Key key = new FocusRow.Key(LocalDate.parse("2026-11-03"), TEAM, "tg_a", "gpt-4o", "prompt_tokens",
        "default", "chat.completions", null, new BigDecimal(unitPrice), new BigDecimal("1000000"), BigDecimal.TEN,
        "USD");
    return new FocusRow(key, "Alpha", "alpha-web", "gpt-4o*", "openai", "key", new BigDecimal(quantity),
        new BigDecimal(amount), tags);
  }

  @Test
  void partsAddUpAndKeepTheTagsTheyAgreeOn() {
    FocusRow a = part("2.50", "1000", "0.0025", Map.of("feature", "chat", "request", "r1", "team", "x"));
    FocusRow b = part("2.5", "3000", "0.0075", Map.of("feature", "chat", "request", "r2"));
    FocusRow c = part("2.500", "1", "0.0000025", Map.of("feature", "chat", "request", "r2"));

    FocusRow row = a.plus(b).plus(c);

    assertThat(row.quantity()).isEqualByComparingTo("4001");
    assertThat(row.amount()).isEqualByComparingTo("0.0100025");
    assertThat(row.tags()).isEqualTo(Map.of("feature", "chat"));
    assertThat(a.plus(part("2.50", "1", "0", Map.of())).tags()).isEmpty();
  }

  @Test
  void partsOfDifferentRowsAreNeverFolded() {
    assertThatThrownBy(() -> part("2.50", "1", "0", Map.of()).plus(part("1.25", "1", "0", Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
