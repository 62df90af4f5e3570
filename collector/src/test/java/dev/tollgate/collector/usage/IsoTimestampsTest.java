package dev.tollgate.collector.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path accepts exactly what {@link OffsetDateTime#parse} accepts, as the same instant. */
class IsoTimestampsTest {

  @Test
  void theFastPathTakesTheFormsSdksSendAndAgreesWithJavaTime() {
    SplittableRandom random = new SplittableRandom(20261202);
    int fast = 0;
    for (int i = 0; i < 200_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(Instant.parse("1970-01-01T00:00:00Z").getEpochSecond(),
          Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()), random.nextInt(1_000_000_000));
      ZoneOffset offset = random.nextInt(3) == 0 ? ZoneOffset.UTC
          : ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
      String text = withFraction(OffsetDateTime.ofInstant(instant, offset), random.nextInt(10));
      Instant expected = OffsetDateTime.parse(text).toInstant();
      assertThat(IsoTimestamps.parse(text)).as(text).isEqualTo(expected);
      if (IsoTimestamps.fastPath(text) != null) {
        fast++;
      }
    }
    assertThat(fast).as("the common forms take the fast path").isEqualTo(200_000);
  }

  @Test
  void everythingElseIsJavaTimesAnswer() {
    List<String> texts = new ArrayList<>(List.of(
        "2026-11-27T10:15:30Z", "2026-11-27T10:15:30.123Z", "2026-11-27T10:15:30.123456789+05:30",
        "2026-11-27T10:15:30-00:00", "2026-11-27T10:15Z", "2026-11-27T10:15:30+0530", "2026-11-27T10:15:30+05",
        "2026-11-27T10:15:30+05:30:15", "2026-11-27t10:15:30z", "2026-11-27T10:15:30.Z",
        "2026-11-27T10:15:30.1234567891Z", "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T23:60:00Z",
        "2026-11-27T23:59:60Z", "2026-11-27T10:15:30+18:00", "2026-11-27T10:15:30+18:01",
        "2026-11-27T10:15:30+19:00", "2026-11-27T10:15:30-18:00", "+12026-11-27T10:15:30Z",
        "2026-11-27 10:15:30Z", "2026-11-27T10:15:30", "2026-1-27T10:15:30Z", "２０２６-11-27T10:15:30Z",
        "2026-11-27T10:15:30.١٢٣Z", "2026-11-27T10:15:30.5+05:3a", "", "2026-11-27T10:15:30ZZ",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-18:00"));
    for (String text : texts) {
      Instant expected;
      try {
        expected = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException refused) {
        assertThatThrownBy(() -> IsoTimestamps.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        continue;
      }
      assertThat(IsoTimestamps.parse(text)).as(text).isEqualTo(expected);
    }
  }

  private static String withFraction(OffsetDateTime t, int digits) {
    String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
        t.getHour(), t.getMinute(), t.getSecond());
    String fraction = digits == 0 ? "" : "." + String.format("%09d", t.getNano()).substring(0, digits);
    return base + fraction + (t.getOffset().equals(ZoneOffset.UTC) ? "Z" : t.getOffset().getId());
  }
}
