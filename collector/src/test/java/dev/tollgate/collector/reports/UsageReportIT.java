package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.reports.ReportsTestData.Event;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class UsageReportIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();

  static ReportsFixture world;

  @BeforeAll
  static void load() {
    world = new ReportsFixture(APP, 23).load(400);
  }

  /** Sums computed in Java from the test's own events. */
  static final class Totals {
    long requests;
    long errors;
    long prompt;
    long cached;
    long completion;
    long reasoning;
    BigDecimal cost = BigDecimal.ZERO;

    void add(Event e) {
      requests++;
      errors += e.isError() ? 1 : 0;
      prompt += e.promptTokens();
      cached += e.cachedPromptTokens();
      completion += e.completionTokens();
      reasoning += e.reasoningTokens();
      cost = cost.add(e.totalCost());
    }
  }

  static Function<Event, String> key(String groupKey) {
    return switch (groupKey) {
      case "team" -> e -> e.client().team().id().toString();
      case "client" -> e -> e.client().publicId();
      case "model" -> e -> String.valueOf(e.ratedModel());
      case "source" -> Event::source;
      case "end_user" -> e -> String.valueOf(e.endUser());
      case "day" -> e -> e.day().toString();
      case "week" -> e -> e.day().with(DayOfWeek.MONDAY).toString();
      case "month" -> e -> e.day().withDayOfMonth(1).toString();
      default -> e -> String.valueOf(e.tags().get(groupKey.substring(4)));
    };
  }

  static String itemKey(JsonNode item, List<String> keys) {
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      String field = switch (k) {
        case "team" -> "team_id";
        case "client" -> "client_id";
        default -> k;
      };
      parts.add(item.get(field).isNull() ? "null" : item.get(field).asText());
    }
    return String.join("|", parts);
  }

  void assertUsage(String from, String to, List<String> keys, String filters, Predicate<Event> filter) {
    Instant f = Instant.parse(from);
    Instant t = Instant.parse(to);
    Map<String, Totals> expected = new TreeMap<>();
    for (Event e : world.events) {
      if (!e.ts().isBefore(f) && e.ts().isBefore(t) && filter.test(e)) {
        String k = String.join("|", keys.stream().map(g -> key(g).apply(e)).toList());
        expected.computeIfAbsent(k, x -> new Totals()).add(e);
      }
    }
    JsonNode body = world.getJson("usage?from=" + from + "&to=" + to
        + (keys.isEmpty() ? "" : "&group_by=" + String.join(",", keys)) + filters);
    assertThat(body.get("next_cursor").isNull()).isTrue();
    Map<String, JsonNode> actual = new TreeMap<>();
    body.get("items").forEach(item -> actual.put(itemKey(item, keys), item));
    assertThat(actual.keySet()).as(keys + filters).containsExactlyElementsOf(expected.keySet());
    assertThat(body.get("items")).hasSize(expected.size());
    expected.forEach((k, totals) -> {
      JsonNode item = actual.get(k);
      assertThat(item.get("requests").asLong()).as(k).isEqualTo(totals.requests);
      assertThat(item.get("errors").asLong()).as(k).isEqualTo(totals.errors);
      assertThat(item.get("prompt_tokens").asLong()).as(k).isEqualTo(totals.prompt);
      assertThat(item.get("cached_prompt_tokens").asLong()).as(k).isEqualTo(totals.cached);
      assertThat(item.get("completion_tokens").asLong()).as(k).isEqualTo(totals.completion);
      assertThat(item.get("reasoning_tokens").asLong()).as(k).isEqualTo(totals.reasoning);
      assertThat(item.get("total_tokens").asLong()).as(k).isEqualTo(totals.prompt + totals.completion);
      assertThat(new BigDecimal(item.get("cost").asText())).as(k).isEqualByComparingTo(totals.cost);
      assertThat(item.get("currency").asText()).isEqualTo("USD");
      if (keys.contains("team")) {
        String name = List.of(world.teamA, world.teamB, world.teamC).stream()
            .filter(team -> team.id().toString().equals(item.get("team_id").asText())).findFirst().orElseThrow().name();
        assertThat(item.get("team").asText()).isEqualTo(name);
      }
    });
  }

  @Test
  void partialEdgeDaysAreExactAroundTheRollup() {
    assertUsage("2026-11-03T10:30:00Z", "2026-11-27T15:45:00.250Z", List.of("team", "model", "day"), "", e -> true);
  }

  @Test
  void wholeDaysWithFilters() {
    assertUsage("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of("client", "source", "week"),
        "&status=error", Event::isError);
    assertUsage("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of("month"), "", e -> true);
    assertUsage("2026-11-02T00:00:00Z", "2026-11-29T00:00:00Z", List.of("model"),
        "&team_id=" + world.teamA.id() + "&model=o3-mini&model=gpt-4o&source=chat.completions&status=success",
        e -> e.client().team() == world.teamA && List.of("o3-mini", "gpt-4o").contains(e.ratedModel())
            && e.source().equals("chat.completions") && !e.isError());
  }

  @Test
  void rangeWithinOneDayAndNoGrouping() {
    assertUsage("2026-11-05T01:00:00Z", "2026-11-05T23:00:00Z", List.of(), "", e -> true);
    assertUsage("2026-11-05T12:00:00Z", "2026-11-06T12:00:00Z", List.of("day"), "", e -> true);
  }

  @Test
  void endUsersAndTagsComeFromTheRawEvents() {
    assertUsage("2026-11-04T06:00:00Z", "2026-11-30T00:00:00Z", List.of("end_user", "tag:feature"),
        "&team_id=" + world.teamA.id() + "&team_id=" + world.teamB.id(), e -> e.client().team() != world.teamC);
    assertUsage("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of("tag:feature", "tag:missing", "month"),
        "&client_id=" + world.c1.publicId(), e -> e.client() == world.c1);
  }

  /** Filters on what only the raw events keep read the raw events, even over whole days. */
  @Test
  void traceEndUserAndTagFiltersReadTheRawEvents() {
    assertUsage("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", List.of("team", "model"),
        "&tag.feature=f2&end_user=user-0,user-5",
        e -> "f2".equals(e.tags().get("feature")) && ("user-0".equals(e.endUser()) || "user-5".equals(e.endUser())));
    assertUsage("2026-11-02T00:00:00Z", "2026-11-29T00:00:00Z", List.of("day"), "&trace_id=trace-7",
        e -> "trace-7".equals(e.traceId()));
  }

  @Test
  void csvMatchesTheJson() throws Exception {
    String query = "usage?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&group_by=team,client,model,tag:feature";
    HttpResponse<String> csv = world.get(query + "&format=csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"tollgate-usage-2026-11-01-2026-12-01.csv\"");
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body())).getRecords();
    JsonNode items = world.getJson(query).get("items");
    assertThat(records).hasSize(items.size()).isNotEmpty();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      assertThat(records.get(i).toMap().keySet()).containsExactlyInAnyOrderElementsOf(() -> item.fieldNames());
      for (var field : records.get(i).toMap().entrySet()) {
        JsonNode value = item.get(field.getKey());
        assertThat(field.getValue()).as(field.getKey()).isEqualTo(value.isNull() ? "" : value.asText());
      }
    }
    assertThat(csv.body()).startsWith("team_id,team,client_id,client,model,tag:feature,requests,errors,");
  }
}
