package dev.tollgate.sdk.internal.usage;

import static dev.tollgate.sdk.internal.usage.TestSupport.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageSpoolTest {

  private static final int MiB = 1024 * 1024;

  @TempDir Path dir;

  private static List<EncodedEvent> encoded(int count) {
    List<EncodedEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(EncodedEvent.of(event(i)));
    }
    return events;
  }

  private static List<UUID> ids(List<EncodedEvent> events) {
    return events.stream().map(EncodedEvent::id).toList();
  }

  @Test
  void segmentsHoldAtMostOneBatchAndSurviveReopening() throws IOException {
    List<EncodedEvent> events = encoded(25);
    try (UsageSpool spool = UsageSpool.open(dir, 10 * MiB, 10, MiB)) {
      assertThat(spool.append(events, true)).isEqualTo(25);
    }

    try (UsageSpool reopened = UsageSpool.open(dir, 10 * MiB, 10, MiB)) {
      List<UUID> read = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      for (Optional<UsageSpool.Segment> s = reopened.oldest(); s.isPresent();
          s = reopened.oldest()) {
        List<EncodedEvent> segment = reopened.read(s.get());
        sizes.add(segment.size());
        read.addAll(ids(segment));
        reopened.delete(s.get());
      }
      assertThat(sizes).containsExactly(10, 10, 5);
      assertThat(read).containsExactlyElementsOf(ids(events));
      assertThat(reopened.isEmpty()).isTrue();
      assertThat(reopened.bytes()).isZero();
    }
  }

  @Test
  void skipsATornLastLine() throws IOException {
    List<EncodedEvent> events = encoded(2);
    try (UsageSpool spool = UsageSpool.open(dir, 10 * MiB, 10, MiB)) {
      spool.append(events, true);
    }
    Path segment;
    try (var files = Files.list(dir)) {
      segment = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
    }
    String full = new String(EncodedEvent.of(event(3)).json(), StandardCharsets.UTF_8);
    Files.writeString(segment, full.substring(0, full.length() / 2), StandardOpenOption.APPEND);

    try (UsageSpool spool = UsageSpool.open(dir, 10 * MiB, 10, MiB)) {
      List<EncodedEvent> read = spool.read(spool.oldest().orElseThrow());
      assertThat(ids(read)).containsExactlyElementsOf(ids(events));
      assertThat(spool.corrupt()).isEqualTo(1);
    }
  }

  @Test
  void refusesEventsBeyondTheBoundAndCountsThem() throws IOException {
    List<EncodedEvent> events = encoded(20);
    long line = events.get(0).json().length + 1;
    long max = line * 5 + line / 2;
    try (UsageSpool spool = UsageSpool.open(dir, max, 10, MiB)) {
      assertThat(spool.append(events, true)).isEqualTo(5);
      assertThat(spool.refused()).isEqualTo(15);
      assertThat(spool.bytes()).isLessThanOrEqualTo(max);

      spool.delete(spool.oldest().orElseThrow());
      assertThat(spool.append(encoded(1), true)).as("room again after a delivery").isEqualTo(1);
    }
  }

  @Test
  void aSecondOwnerOfTheDirectoryGetsItsOwnSlot() throws IOException {
    try (UsageSpool first = UsageSpool.open(dir, 10 * MiB, 10, MiB);
        UsageSpool second = UsageSpool.open(dir, 10 * MiB, 10, MiB)) {
      assertThat(first.directory()).isEqualTo(dir);
      assertThat(second.directory()).isEqualTo(dir.resolve("instance-2"));
      second.append(encoded(1), true);
      assertThat(first.isEmpty()).isTrue();
    }
    try (UsageSpool again = UsageSpool.open(dir, 10 * MiB, 10, MiB)) {
      assertThat(again.directory()).as("the lock is released on close").isEqualTo(dir);
    }
  }
}
