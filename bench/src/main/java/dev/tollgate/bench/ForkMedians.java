package dev.tollgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a JMH result file of SampleTime benchmarks ({@code -rf json -rff result.json}) and prints,
 * per benchmark, the median and p99 of each fork and the median of those across forks: the
 * figure the SDK's goals are stated in ("median of three forks"), steadier on a shared machine
 * than JMH's pooled percentiles, which one slow fork can move.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.tollgate.bench.ForkMedians result.json</pre>
 */
public final class ForkMedians {

  private ForkMedians() {}

  public static void main(String[] args) throws IOException {
    JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    System.out.printf("%-45s %-26s %10s %-26s %10s%n", "benchmark", "fork p50 (µs)", "p50", "fork p99 (µs)", "p99");
    for (JsonNode b : results) {
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (JsonNode fork : b.path("primaryMetric").path("rawDataHistogram")) {
        Map<Double, Long> histogram = new TreeMap<>();
        for (JsonNode iteration : fork) {
          for (JsonNode bucket : iteration) {
            histogram.merge(bucket.get(0).asDouble(), bucket.get(1).asLong(), Long::sum);
          }
        }
        p50.add(percentile(histogram, 0.50));
        p99.add(percentile(histogram, 0.99));
      }
      String name = b.path("benchmark").asText().replaceFirst(".*\\.(\\w+\\.\\w+)$", "$1");
      System.out.printf("%-45s %-26s %10.1f %-26s %10.1f%n", name, rounded(p50), median(p50), rounded(p99),
          median(p99));
    }
  }

  private static double percentile(Map<Double, Long> histogram, double q) {
    long total = histogram.values().stream().mapToLong(Long::longValue).sum();
    long seen = 0;
    double last = Double.NaN;
    for (Map.Entry<Double, Long> e : histogram.entrySet()) {
      seen += e.getValue();
      last = e.getKey();
      if (seen >= q * total) {
        return last;
      }
    }
    return last;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String rounded(List<Double> values) {
    return values.stream().map(v -> String.format("%.1f", v)).toList().toString();
  }
}
