package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.reports.ReportsTestData.Event;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class PerformanceReportIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();

  static ReportsFixture world;

  @BeforeAll
  static void load() {
    world = new ReportsFixture(APP, 37).load(500);
  }

  /** percentile_cont: linear interpolation between the closest ranks of the sorted values. */
  static Double percentileCont(List<Integer> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Integer> sorted = values.stream().sorted().toList();
    double rank = p * (sorted.size() - 1);
    int lower = (int) Math.floor(rank);
    int upper = (int) Math.ceil(rank);
    return sorted.get(lower) + (rank - lower) * (sorted.get(upper) - sorted.get(lower));
  }

  void assertPerformance(String from, String to, String groupBy, Function<Event, String> key,
      Function<JsonNode, String> itemKey, String extra) {
    assertPerformance(world, 0, from, to, groupBy, key, itemKey, extra, e -> true);
  }

  /**
   * Asserts the report for the range (and the query's {@code extra} filters, which {@code matches}
   * mirrors) against the fixture's events: counts, errors and averages
   * exactly, percentiles within {@code relativeError} of percentile_cont's (and 0.0005 ms).
   */
  static void assertPerformance(ReportsFixture world, double relativeError, String from, String to, String groupBy,
      Function<Event, String> key, Function<JsonNode, String> itemKey, String extra,
      java.util.function.Predicate<Event> matches) {
    Instant f = Instant.parse(from);
    Instant t = Instant.parse(to);
    Map<String, List<Event>> groups = new TreeMap<>();
    world.events.stream().filter(e -> !e.ts().isBefore(f) && e.ts().isBefore(t)).filter(matches)
        .forEach(e -> groups.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
    JsonNode items = world.getJson("performance?from=" + from + "&to=" + to + groupBy + extra).get("items");
    Map<String, JsonNode> actual = new TreeMap<>();
    items.forEach(item -> actual.put(itemKey.apply(item), item));
    assertThat(actual.keySet()).containsExactlyElementsOf(groups.keySet());
    groups.forEach((k, events) -> {
      JsonNode item = actual.get(k);
      List<Integer> latencies = events.stream().map(Event::latencyMs).toList();
      List<Integer> ttfts = events.stream().map(Event::ttftMs).filter(Objects::nonNull).toList();
      long errors = events.stream().filter(Event::isError).count();
      assertThat(item.get("requests").asLong()).isEqualTo(events.size());
      assertThat(item.get("errors").asLong()).isEqualTo(errors);
      assertThat(item.get("error_rate").decimalValue()).isEqualByComparingTo(
          BigDecimal.valueOf(errors).divide(BigDecimal.valueOf(events.size()), 6, RoundingMode.HALF_EVEN));
      assertThat(item.get("latency_avg_ms").decimalValue()).isEqualByComparingTo(
          BigDecimal.valueOf(latencies.stream().mapToLong(Integer::longValue).sum())
              .divide(BigDecimal.valueOf(latencies.size()), 3, RoundingMode.HALF_EVEN));
      assertThat(item.get("latency_p50_ms").asDouble()).as(k).isCloseTo(percentileCont(latencies, 0.5),
          within(0.0005 + relativeError * percentileCont(latencies, 0.5)));
      assertThat(item.get("latency_p95_ms").asDouble()).as(k).isCloseTo(percentileCont(latencies, 0.95),
          within(0.0005 + relativeError * percentileCont(latencies, 0.95)));
      assertThat(item.get("latency_p99_ms").asDouble()).as(k).isCloseTo(percentileCont(latencies, 0.99),
          within(0.0005 + relativeError * percentileCont(latencies, 0.99)));
      Double ttft = percentileCont(ttfts, 0.95);
      if (ttft == null) {
        assertThat(item.get("ttft_p95_ms").isNull()).isTrue();
      } else {
        assertThat(item.get("ttft_p95_ms").asDouble()).isCloseTo(ttft, within(0.0005 + relativeError * ttft));
      }
    });
  }

  @Test
  void percentilesPerModelAreExact() {
    assertPerformance("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "&group_by=model",
        e -> String.valueOf(e.ratedModel()), item -> item.get("model").asText(), "");
  }

  @Test
  void perClientPerDayAndPerTeamPerHour() {
    assertPerformance("2026-11-03T00:00:00Z", "2026-11-09T12:00:00Z", "&group_by=client&interval=day",
        e -> e.client().publicId() + "|" + e.day(),
        item -> item.get("client_id").asText() + "|" + item.get("day").asText(), "");
    assertPerformance("2026-11-10T00:00:00Z", "2026-11-12T00:00:00Z", "&group_by=team&interval=hour",
        e -> e.client().team().id() + "|" + e.ts().truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC).toInstant(),
        item -> item.get("team_id").asText() + "|" + item.get("hour").asText(), "");
  }

  @Test
  void wholeRangeWithoutGroupAndWithFilters() {
    assertPerformance("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "", e -> "all", item -> "all", "");
    String b = world.teamB.id().toString();
    Instant f = Instant.parse("2026-11-01T00:00:00Z");
    JsonNode items = world.getJson("performance?from=" + f + "&to=2026-12-01T00:00:00Z&group_by=source&team_id=" + b
        + "&status=error").get("items");
    long expected = world.events.stream().filter(e -> e.client().team() == world.teamB && e.isError()).count();
    long actual = 0;
    for (JsonNode item : items) {
      actual += item.get("requests").asLong();
      assertThat(item.get("error_rate").decimalValue()).isEqualByComparingTo("1");
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void csvMatchesTheJson() throws Exception {
    String query = "performance?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z&group_by=source&interval=day";
    HttpResponse<String> csv = world.get(query + "&format=csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"tollgate-performance-2026-11-01-2026-11-08.csv\"");
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body())).getRecords();
    JsonNode items = world.getJson(query).get("items");
    assertThat(records).hasSize(items.size()).isNotEmpty();
    for (int i = 0; i < items.size(); i++) {
      for (var field : records.get(i).toMap().entrySet()) {
        JsonNode value = items.get(i).get(field.getKey());
        if (value.isNull()) {
          assertThat(field.getValue()).isEmpty();
        } else if (value.isNumber()) {
          assertThat(new BigDecimal(field.getValue())).as(field.getKey()).isEqualByComparingTo(value.decimalValue());
        } else {
          assertThat(field.getValue()).isEqualTo(value.asText());
        }
      }
    }
  }
}
