package dev.tollgate.sdk.internal.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.sdk.internal.usage.UsageEvent;
import dev.tollgate.sdk.internal.usage.UsageSink;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  private static final Instant AT = Instant.parse("2026-12-03T09:00:00.123Z");

  @Test
  void anIdIsVersion7WithTheRfcVariantAndCarriesItsMillisecond() {
    UUID id = EventIds.at(AT);

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(EventIds.millis(id)).isEqualTo(AT.toEpochMilli());
    // The text form starts with the time, so ids sort by time as text, as UUIDs and in PostgreSQL.
    assertThat(id.toString()).startsWith(String.format("%08x-%04x-7",
        AT.toEpochMilli() >>> 16, AT.toEpochMilli() & 0xffff));
  }

  @Test
  void everyIdHasTheLayoutAndEveryRandomBitVaries() {
    long msbOr = 0;
    long msbAnd = -1;
    long lsbOr = 0;
    long lsbAnd = -1;
    for (int i = 0; i < 1_000; i++) {
      Instant at = AT.plusMillis(i);
      UUID id = EventIds.at(at);
      assertThat(id.version()).isEqualTo(7);
      assertThat(id.variant()).isEqualTo(2);
      assertThat(EventIds.millis(id)).isEqualTo(at.toEpochMilli());
      msbOr |= id.getMostSignificantBits();
      msbAnd &= id.getMostSignificantBits();
      lsbOr |= id.getLeastSignificantBits();
      lsbAnd &= id.getLeastSignificantBits();
    }
    // The 12 bits after the version and the 62 after the variant are each set in some id and clear in another.
    assertThat(msbOr & 0x0fffL).isEqualTo(0x0fffL);
    assertThat(msbAnd & 0x0fffL).isZero();
    assertThat(lsbOr & 0x3fff_ffff_ffff_ffffL).isEqualTo(0x3fff_ffff_ffff_ffffL);
    assertThat(lsbAnd & 0x3fff_ffff_ffff_ffffL).isZero();
  }

  @Test
  void idsOfLaterEventsSortAfterEarlierOnesAndIdsOfOneMillisecondDiffer() {
    Set<UUID> sameMillisecond = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      sameMillisecond.add(EventIds.at(AT));
    }
    UUID earlier = EventIds.at(AT);
    UUID later = EventIds.at(AT.plusMillis(1));

    assertThat(sameMillisecond).hasSize(10_000);
    assertThat(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits())).isNegative();
    assertThat(earlier.toString()).isLessThan(later.toString());
  }

  @Test
  void theRecorderGivesEachEventAnIdOfItsOwnTime() {
    List<UsageEvent> events = new ArrayList<>();
    UsageSink sink = new UsageSink() {
      @Override
      public void accept(UsageEvent event) {
        events.add(event);
      }

      @Override
      public void close() {}
    };
    UsageRecorder recorder = new UsageRecorder(sink, Clock.fixed(AT, ZoneOffset.UTC));
    MeteredCall call = new MeteredCall("/v1/chat/completions", "POST", "gpt-4o-mini", false, null, CallMetadata.NONE);

    recorder.record(call, Attempt.failed(503, 1_000_000, null));
    recorder.record(call, Attempt.failed(503, 1_000_000, null));

    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.id().version()).isEqualTo(7);
      assertThat(EventIds.millis(e.id())).isEqualTo(e.timestamp().toEpochMilli()).isEqualTo(AT.toEpochMilli());
    });
    assertThat(events.get(0).id()).isNotEqualTo(events.get(1).id());
  }
}
