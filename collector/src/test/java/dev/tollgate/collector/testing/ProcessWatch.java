package dev.tollgate.collector.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a load run costs a process in memory: its peak resident set, sampled from
 * {@code /proc/<pid>/status} every 100 ms on a daemon thread while the watch is open, and
 * its GC pauses, read from the {@code -Xlog:gc} file the process wrote. For benchmarks, not
 * tests; Linux only (elsewhere the peak stays 0).
 */
public final class ProcessWatch implements AutoCloseable {

  private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB$", Pattern.MULTILINE);
  /** A pause line of unified GC logging: {@code [1.234s][info][gc] GC(7) Pause Young ... 3.456ms}. */
  private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.*?([0-9]+(?:\\.[0-9]+)?)ms\\s*$");

  private final Path status;
  private final AtomicLong peakKiB = new AtomicLong();
  private final Thread sampler;
  private volatile boolean open = true;

  private ProcessWatch(long pid) {
    this.status = Path.of("/proc", Long.toString(pid), "status");
    this.sampler = new Thread(this::sample, "rss-sampler-" + pid);
    sampler.setDaemon(true);
  }

  /** Starts sampling the process's resident set until {@link #close()}. */
  public static ProcessWatch start(long pid) {
    ProcessWatch watch = new ProcessWatch(pid);
    watch.sampler.start();
    return watch;
  }

  /** The largest resident set seen so far, in MiB. */
  public long peakRssMiB() {
    return peakKiB.get() / 1024;
  }

  /** The resident set now, in MiB (0 when the process is gone or this is not Linux). */
  public long rssMiB() {
    return readRssKiB() / 1024;
  }

  private void sample() {
    while (open) {
      peakKiB.accumulateAndGet(readRssKiB(), Math::max);
      try {
        // A sampler has no event to wait for: it looks every 100 ms.
        Thread.sleep(100);
      } catch (InterruptedException stop) {
        return;
      }
    }
  }

  private long readRssKiB() {
    try {
      Matcher matcher = VM_RSS.matcher(Files.readString(status, StandardCharsets.US_ASCII));
      return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }

  @Override
  public void close() throws InterruptedException {
    open = false;
    sampler.interrupt();
    sampler.join(1_000);
  }

  /** The GC pauses a {@code -Xlog:gc} file records, in ms, in the order they happened. */
  public static List<Double> gcPausesMs(Path gcLog) throws IOException {
    List<Double> pauses = new ArrayList<>();
    if (!Files.exists(gcLog)) {
      return pauses;
    }
    for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
      Matcher matcher = PAUSE.matcher(line);
      if (matcher.find()) {
        pauses.add(Double.parseDouble(matcher.group(1)));
      }
    }
    return pauses;
  }

  /** One line for a benchmark's output: peak RSS and the GC pauses' count, p99 and maximum. */
  public String summary(Path gcLog) throws IOException {
    List<Double> pauses = new ArrayList<>(gcPausesMs(gcLog));
    pauses.sort(null);
    double p99 = pauses.isEmpty() ? 0 : pauses.get((int) Math.ceil(pauses.size() * 0.99) - 1);
    double max = pauses.isEmpty() ? 0 : pauses.get(pauses.size() - 1);
    return String.format(Locale.ROOT, "peak RSS %d MiB, %d GC pauses, p99 %.1f ms, max %.1f ms",
        peakRssMiB(), pauses.size(), p99, max);
  }
}
