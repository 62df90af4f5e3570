package dev.tollgate.collector.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU time collector processes, the local PostgreSQL server and this load generator used over
 * a benchmark's timed window, the collectors' split into their JIT compiler threads and the rest. It shows whether a run
 * measured a warm collector (a JVM still compiling spends a core on it) and which side of the
 * database connection the time went to. Read from {@code /proc/<pid>/task/<tid>/stat} and
 * {@code /proc/<pid>/stat} of every process named {@code postgres}; Linux only (elsewhere
 * everything reads 0). For benchmarks, not tests.
 */
public final class CpuWindow {

  /** Linux reports CPU time in clock ticks of {@code USER_HZ}, which is 100 on every architecture it runs on. */
  private static final double TICKS_PER_SECOND = 100;

  /**
   * A process's {@code stat} counts the time of its threads that have ended too; a thread's only
   * its own, so the compiler threads are counted one by one (the JVM starts and stops them as the
   * queue grows and shrinks) and the process as a whole.
   */
  private record Times(long processTicks, Map<String, Long> jitTicks, long postgresTicks, long generatorTicks) {}

  private final long[] pids;
  private final Times start;

  private CpuWindow(long[] pids) {
    this.pids = pids.clone();
    this.start = read(this.pids);
  }

  /** Starts the window now for the collector processes {@code pids}. */
  public static CpuWindow open(long... pids) {
    return new CpuWindow(pids);
  }

  /** Ends the window: one line for the benchmark's output. */
  public String close() {
    Times end = read(pids);
    // A compiler thread that ended within the window loses what it did there: a slight undercount.
    long jitTicks = 0;
    for (Map.Entry<String, Long> thread : end.jitTicks.entrySet()) {
      jitTicks += thread.getValue() - start.jitTicks.getOrDefault(thread.getKey(), 0L);
    }
    double jit = jitTicks / TICKS_PER_SECOND;
    double process = (end.processTicks - start.processTicks) / TICKS_PER_SECOND;
    double postgres = (end.postgresTicks - start.postgresTicks) / TICKS_PER_SECOND;
    double generator = (end.generatorTicks - start.generatorTicks) / TICKS_PER_SECOND;
    return String.format(Locale.ROOT, "CPU in the timed window: collector%s %.1f s (JIT compiler threads %.1f s, %.0f %%),"
        + " PostgreSQL %.1f s, this load generator %.1f s", pids.length > 1 ? "s" : "", process, jit,
        process == 0 ? 0 : 100 * jit / process, postgres, generator);
  }

  private static Times read(long[] pids) {
    Map<String, Long> jit = new HashMap<>();
    long process = 0;
    for (long pid : pids) {
      Path dir = Path.of("/proc", Long.toString(pid));
      process += ticks(dir.resolve("stat"));
      for (Path task : list(dir.resolve("task"))) {
        if (name(task).matches("C[12] CompilerThre.*")) {
          jit.put(pid + "/" + task.getFileName(), ticks(task.resolve("stat")));
        }
      }
    }
    long postgres = 0;
    for (Path dir : list(Path.of("/proc"))) {
      if (dir.getFileName().toString().chars().allMatch(Character::isDigit) && name(dir).equals("postgres")) {
        postgres += ticks(dir.resolve("stat"));
      }
    }
    return new Times(process, jit, postgres, ticks(Path.of("/proc", "self", "stat")));
  }

  private static List<Path> list(Path dir) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(entries::add);
    } catch (IOException | RuntimeException gone) {
      // Not Linux, or the process is gone: nothing to count.
    }
    return entries;
  }

  private static String name(Path process) {
    try {
      return Files.readString(process.resolve("comm"), StandardCharsets.UTF_8).strip();
    } catch (IOException gone) {
      return "";
    }
  }

  /**
   * User plus system time from a {@code stat} file: fields 14 and 15, counted after the
   * command name's closing parenthesis (the name itself may hold spaces).
   */
  private static long ticks(Path stat) {
    try {
      String text = Files.readString(stat, StandardCharsets.US_ASCII);
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      // fields[0] is field 3 (state), so field 14 is fields[11] and field 15 fields[12].
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }
}
