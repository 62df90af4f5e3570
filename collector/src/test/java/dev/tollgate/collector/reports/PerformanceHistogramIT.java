package dev.tollgate.collector.reports;

import static dev.tollgate.collector.reports.PerformanceReportIT.assertPerformance;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.common.LatencyHistogram;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code reportExactPercentileLimit} at 0 every per-day or whole-range performance report
 * reads the daily latency histograms for its whole days (and buckets the raw events of partial
 * edge days): counts, errors and averages stay exact, percentiles are within 0.79 % of
 * percentile_cont's, and the response says which way they were computed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PerformanceHistogramIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(c -> c.setReportExactPercentileLimit(0));
  static final double BOUND = LatencyHistogram.MAX_RELATIVE_ERROR;

  static ReportsFixture world;

  @BeforeAll
  static void load() {
    world = new ReportsFixture(APP, 37).load(500);
  }

  private static String method(String query) {
    return world.get(query).headers().firstValue("Tollgate-Percentiles").orElseThrow();
  }

  @Test
  void aMonthPerModelAndAWholeRangeComeFromTheHistogramsWithinTheBound() {
    assertPerformance(world, BOUND, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "&group_by=model",
        e -> String.valueOf(e.ratedModel()), item -> item.get("model").asText(), "", e -> true);
    assertPerformance(world, BOUND, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "", e -> "all", item -> "all", "",
        e -> true);
    assertThat(method("performance?from=2026-11-01&to=2026-12-01&group_by=model"))
        .isEqualTo("histogram; max-relative-error=0.0078125");
  }

  @Test
  void partialEdgeDaysAreBucketedFromTheEventsPerClientAndDay() {
    assertPerformance(world, BOUND, "2026-11-03T06:30:00Z", "2026-11-20T17:00:00Z", "&group_by=client&interval=day",
        e -> e.client().publicId() + "|" + e.day(),
        item -> item.get("client_id").asText() + "|" + item.get("day").asText(), "", e -> true);
    assertPerformance(world, BOUND, "2026-11-02T12:00:00Z", "2026-11-29T00:00:00Z", "&group_by=team",
        e -> e.client().team().id().toString(), item -> item.get("team_id").asText(), "", e -> true);
  }

  @Test
  void filtersApplyToTheHistograms() {
    String team = world.teamB.id().toString();
    assertPerformance(world, BOUND, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "&group_by=source",
        e -> e.source(), item -> item.get("source").asText(), "&team_id=" + team + "&status=error",
        e -> e.client().team() == world.teamB && e.isError());
    assertPerformance(world, BOUND, "2026-11-03T09:00:00Z", "2026-11-30T00:00:00Z", "&group_by=client",
        e -> e.client().publicId(), item -> item.get("client_id").asText(), "&model=gpt-4o&status=success",
        e -> "gpt-4o".equals(e.ratedModel()) && !e.isError());
  }

  @Test
  void hoursAndRawOnlyFiltersStayExact() {
    assertThat(method("performance?from=2026-11-10&to=2026-11-12&interval=hour")).isEqualTo("exact");
    assertThat(method("performance?from=2026-11-01&to=2026-12-01&end_user=user-1")).isEqualTo("exact");
    assertThat(method("performance?from=2026-11-10T01:00:00Z&to=2026-11-10T02:00:00Z")).isEqualTo("exact");
  }

  @Test
  void wholeDaysReadTheHistogramsNotTheEvents() {
    var db = APP.getConfiguration().getDatabase();
    Jdbi jdbi = Jdbi.create(db.getUrl(), db.getUser(), db.getPassword());
    long before = requests("performance?from=2026-11-14&to=2026-11-15");
    try {
      // A marker in the histogram table alone: 1,000 more calls of 5 s on that day.
      jdbi.useHandle(h -> h.execute("INSERT INTO latency_daily (day, team_id, client_id, model, source, is_error, "
          + "requests, latency_sum, latency_histogram, ttft_histogram) VALUES ('2026-11-14', ?, gen_random_uuid(), "
          + "'marker', 'chat.completions', false, 1000, 5000000, tollgate_histogram_encode(ARRAY[?], ARRAY[1000]), '')",
          world.teamA.id(), LatencyHistogram.bucket(5000)));
      JsonNode all = world.getJson("performance?from=2026-11-14&to=2026-11-15").get("items").get(0);
      assertThat(all.get("requests").asLong()).isEqualTo(before + 1000);
      assertThat(all.get("latency_p50_ms").decimalValue().doubleValue()).isCloseTo(5000, org.assertj.core.api.Assertions.within(5000 * BOUND));
    } finally {
      jdbi.useHandle(h -> {
        h.execute("DELETE FROM latency_daily");
        h.execute("SELECT tollgate_latency_daily_backfill()");
      });
    }
  }

  private static long requests(String query) {
    long sum = 0;
    for (JsonNode item : world.getJson(query).get("items")) {
      sum += item.get("requests").asLong();
    }
    return sum;
  }
}
