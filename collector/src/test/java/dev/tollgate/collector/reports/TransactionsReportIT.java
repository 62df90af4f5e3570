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
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class TransactionsReportIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();
  static final String NOVEMBER = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
  static final Comparator<Event> NEWEST_FIRST = Comparator.comparing(Event::ts)
      .thenComparing(e -> e.id().toString()).reversed();

  static ReportsFixture world;

  @BeforeAll
  static void load() {
    world = new ReportsFixture(APP, 11).load(300);
  }

  @Test
  void pagesTheLogNewestFirstWithEveryEventOnce() {
    List<String> ids = pageAll("transactions?" + NOVEMBER + "&limit=37");

    List<String> expected = world.events.stream().filter(e -> e.ts().isBefore(ReportsFixture.DEC))
        .sorted(NEWEST_FIRST).map(e -> e.id().toString()).toList();
    assertThat(ids).containsExactlyElementsOf(expected);
  }

  @Test
  void listItemsCarryTheEventsFigures() {
    JsonNode items = world.getJson("transactions?" + NOVEMBER + "&limit=1000").get("items");
    for (JsonNode item : items) {
      Event e = event(item.get("id").asText());
      assertThat(item.get("timestamp").asText()).isEqualTo(e.ts().toString());
      assertThat(item.get("team").asText()).isEqualTo(e.client().team().name());
      assertThat(item.get("team_id").asText()).isEqualTo(e.client().team().id().toString());
      assertThat(item.get("client").asText()).isEqualTo(e.client().publicId());
      assertThat(item.get("source").asText()).isEqualTo(e.source());
      assertThat(item.get("model").asText()).isEqualTo(e.ratedModel());
      assertThat(item.get("status_code").asInt()).isEqualTo(e.statusCode());
      assertThat(item.get("latency_ms").asInt()).isEqualTo(e.latencyMs());
      assertThat(item.get("prompt_tokens").asLong()).isEqualTo(e.promptTokens());
      assertThat(item.get("cached_prompt_tokens").asLong()).isEqualTo(e.cachedPromptTokens());
      assertThat(item.get("completion_tokens").asLong()).isEqualTo(e.completionTokens());
      assertThat(new BigDecimal(item.get("total_cost").asText())).isEqualByComparingTo(e.totalCost());
      assertThat(item.get("currency").asText()).isEqualTo("USD");
      assertThat(item.get("unpriced").asBoolean()).isEqualTo(e.unpriced());
      assertThat(item.get("estimated").asBoolean()).isEqualTo(e.estimated());
    }
    assertThat(items).hasSize(world.events.size());
  }

  @Test
  void filtersCombineAsTheSpecSays() {
    assertFilter("&team_id=" + world.teamB.id() + "&status=error",
        e -> e.client().team() == world.teamB && e.isError());
    assertFilter("&model=o3-mini&source=embeddings&source=responses",
        e -> "o3-mini".equals(e.ratedModel()) && !e.source().equals("chat.completions"));
    assertFilter("&client_id=" + world.a2.publicId(), e -> e.client() == world.a2);
    assertFilter("&client_id=" + world.a2.publicId() + "&client_id=" + world.b1.id() + "&status=success",
        e -> (e.client() == world.a2 || e.client() == world.b1) && !e.isError());
    assertFilter("&team_id=" + world.teamA.id() + "," + world.teamC.id(),
        e -> e.client().team() != world.teamB);
    assertFilter("&client_id=tg_nobody", e -> false);
    Instant from = Instant.parse("2026-11-10T13:20:00Z");
    Instant to = Instant.parse("2026-11-17T08:00:00.5Z");
    List<String> ids = pageAll("transactions?from=" + from + "&to=" + to + "&limit=50");
    assertThat(ids).containsExactlyElementsOf(world.events.stream()
        .filter(e -> !e.ts().isBefore(from) && e.ts().isBefore(to)).sorted(NEWEST_FIRST)
        .map(e -> e.id().toString()).toList());
  }

  /** collector-api.md's common parameters trace_id, end_user and tag.<key>: any value of one, all of them. */
  @Test
  void traceEndUserAndTagFiltersCombineWithTheOthers() {
    assertFilter("&trace_id=trace-a&trace_id=trace-3", e -> List.of("trace-a", "trace-3").contains(e.traceId()));
    assertFilter("&end_user=user-1,user-4&status=success",
        e -> List.of("user-1", "user-4").contains(e.endUser()) && !e.isError());
    assertFilter("&tag.feature=f1", e -> "f1".equals(e.tags().get("feature")));
    assertFilter("&tag.feature=f0&tag.feature=f2&team_id=" + world.teamA.id(),
        e -> Set.of("f0", "f2").contains(e.tags().getOrDefault("feature", "")) && e.client().team() == world.teamA);
    assertFilter("&tag.feature=f1&tag.missing=x", e -> false);
    assertFilter("&trace_id=no-such-trace", e -> false);
  }

  @Test
  void pagingWhileEventsArriveNeitherRepeatsNorSkips() {
    Instant from = Instant.parse("2026-11-20T00:00:00Z");
    Instant to = Instant.parse("2026-11-25T00:00:00Z");
    Set<String> existing = new HashSet<>();
    world.events.stream().filter(e -> !e.ts().isBefore(from) && e.ts().isBefore(to))
        .forEach(e -> existing.add(e.id().toString()));
    String query = "transactions?from=" + from + "&to=" + to + "&limit=9";
    List<String> seen = new ArrayList<>();
    JsonNode page = world.getJson(query);
    while (true) {
      page.get("items").forEach(item -> seen.add(item.get("id").asText()));
      if (page.get("next_cursor").isNull()) {
        break;
      }
      // New events everywhere: newer than everything, older than the cursor, and at the
      // cursor's own timestamp (ids on both sides of it).
      JsonNode last = page.get("items").get(page.get("items").size() - 1);
      Instant cursorTs = Instant.parse(last.get("timestamp").asText());
      List<Event> arriving = new ArrayList<>();
      arriving.add(world.randomEvent(to.minusMillis(1)));
      arriving.add(world.randomEvent(world.randomInstant(from, cursorTs)));
      arriving.add(world.randomEvent(cursorTs));
      arriving.add(world.randomEvent(cursorTs));
      world.record(arriving);
      page = world.getJson(query + "&cursor=" + page.get("next_cursor").asText());
    }
    assertThat(seen).doesNotHaveDuplicates().containsAll(existing);
  }

  @Test
  void detailShowsHowTheTotalWasComputed() {
    Event e = world.events.stream()
        .filter(x -> x.product() != null && x.charges().size() == 3 && !x.tags().isEmpty()).findFirst().orElseThrow();
    JsonNode d = world.getJson("transactions/" + e.id());

    assertThat(d.get("id").asText()).isEqualTo(e.id().toString());
    assertThat(d.get("team").asText()).isEqualTo(e.client().team().name());
    assertThat(d.get("client").asText()).isEqualTo(e.client().publicId());
    assertThat(d.get("product").asText()).isEqualTo(world.gateway.name());
    assertThat(d.get("request_model").asText()).isEqualTo(e.requestModel());
    assertThat(d.get("end_user").asText()).isEqualTo(e.endUser());
    assertThat(d.get("tags").get("feature").asText()).isEqualTo(e.tags().get("feature"));
    assertThat(d.get("charges")).hasSize(3);
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < 3; i++) {
      JsonNode c = d.get("charges").get(i);
      ReportsTestData.Charge expected = e.charges().get(i);
      assertThat(c.get("element").asText()).isEqualTo(expected.element());
      assertThat(c.get("quantity").asLong()).isEqualTo(expected.quantity());
      assertThat(new BigDecimal(c.get("unit_price").asText())).isEqualByComparingTo(expected.unitPrice());
      assertThat(new BigDecimal(c.get("per").asText())).isEqualByComparingTo(expected.per());
      assertThat(new BigDecimal(c.get("amount").asText())).isEqualByComparingTo(expected.amount());
      sum = sum.add(new BigDecimal(c.get("amount").asText()));
    }
    assertThat(new BigDecimal(d.get("subtotal").asText())).isEqualByComparingTo(sum);
    assertThat(new BigDecimal(d.get("markup_percent").asText())).isEqualByComparingTo("10");
    assertThat(new BigDecimal(d.get("markup").asText())).isEqualByComparingTo(sum.multiply(new BigDecimal("0.1")));
    assertThat(new BigDecimal(d.get("total_cost").asText())).isEqualByComparingTo(e.totalCost());
    assertThat(d.get("price_effective_from").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(d.get("unpriced").asBoolean()).isFalse();

    Event unpriced = world.events.stream().filter(Event::unpriced).findFirst().orElseThrow();
    JsonNode u = world.getJson("transactions/" + unpriced.id());
    assertThat(u.get("unpriced").asBoolean()).isTrue();
    assertThat(u.get("charges")).isEmpty();
    assertThat(new BigDecimal(u.get("total_cost").asText())).isZero();

    assertThat(world.get("transactions/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(world.get("transactions/not-a-uuid").statusCode()).isEqualTo(404);
  }

  @Test
  void csvExportHoldsTheSameRowsAsTheJsonPages() throws Exception {
    String filter = NOVEMBER + "&team_id=" + world.teamA.id();
    HttpResponse<String> csv = world.get("transactions?" + filter + "&format=csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow())
        .isEqualTo("attachment; filename=\"tollgate-transactions-2026-11-01-2026-12-01.csv\"");
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body())).getRecords();

    JsonNode items = world.getJson("transactions?" + filter + "&limit=1000").get("items");
    assertThat(records).hasSize(items.size()).isNotEmpty();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      CSVRecord row = records.get(i);
      for (String column : TransactionItem.CSV_HEADER) {
        String expected = item.get(column).isNull() ? "" : item.get(column).asText();
        assertThat(row.get(column)).as(column).isEqualTo(expected);
      }
    }
  }

  private void assertFilter(String filter, Predicate<Event> expected) {
    List<String> ids = pageAll("transactions?" + NOVEMBER + filter.replace("+", "%2B") + "&limit=100");
    assertThat(ids).as(filter).containsExactlyElementsOf(world.events.stream()
        .filter(e -> e.ts().isBefore(ReportsFixture.DEC)).filter(expected).sorted(NEWEST_FIRST)
        .map(e -> e.id().toString()).toList());
  }

  private List<String> pageAll(String query) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page = world.getJson(query + (cursor == null ? "" : "&cursor="
          + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      page.get("items").forEach(item -> ids.add(item.get("id").asText()));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);
    return ids;
  }

  private Event event(String id) {
    return world.events.stream().filter(e -> e.id().toString().equals(id)).findFirst().orElseThrow();
  }
}
