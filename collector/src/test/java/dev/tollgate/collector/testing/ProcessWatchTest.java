package dev.tollgate.collector.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The load benchmarks' memory figures: pauses read from a real -Xlog:gc file's lines, RSS from /proc. */
class ProcessWatchTest {

  @Test
  void readsEveryPauseOfAUnifiedGcLogAndNothingElse(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("gc.log");
    Files.writeString(log, String.join("\n",
        "[0.004s][info][gc] Using Serial",
        "[1.532s][info][gc] GC(0) Pause Young (Allocation Failure) 68M->12M(247M) 9.871ms",
        "[2.001s][info][gc] GC(1) Pause Full (System.gc()) 20M->11M(247M) 31.002ms",
        "[2.500s][info][gc] GC(2) Pause Young (Allocation Failure) 80M->13M(247M) 0.5ms",
        ""));

    assertThat(ProcessWatch.gcPausesMs(log)).containsExactly(9.871, 31.002, 0.5);
    try (ProcessWatch watch = ProcessWatch.start(ProcessHandle.current().pid())) {
      assertThat(watch.summary(log)).contains("3 GC pauses, p99 31.0 ms, max 31.0 ms");
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void samplesThisProcesssResidentSet() throws Exception {
    try (ProcessWatch watch = ProcessWatch.start(ProcessHandle.current().pid())) {
      Thread.sleep(300);
      assertThat(watch.peakRssMiB()).isPositive().isGreaterThanOrEqualTo(watch.rssMiB() / 2);
    }
  }
}
