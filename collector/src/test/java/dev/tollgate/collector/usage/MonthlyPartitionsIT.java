package dev.tollgate.collector.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monthly partitions of usage events (V13, {@link UsagePartitions}): idempotency across
 * months, the DEFAULT partition for months without a partition, and retention with the ids it
 * keeps for replays. Each test uses months of its own; the retention test's are the oldest.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MonthlyPartitionsIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(ClockedApp.class,
      TestDatabases.create(), c -> { });
  static final String USAGE = "{\"prompt_tokens\":1000,\"completion_tokens\":500}";

  static IngestTestData data;
  static AdminHttp admin;
  static Jdbi jdbi;
  static String token;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    admin = new AdminHttp(data.baseUrl);
    var db = APP.getConfiguration().getDatabase();
    jdbi = Jdbi.create(db.getUrl(), db.getUser(), db.getPassword()).installPlugin(new PostgresPlugin()).installPlugin(new SqlObjectPlugin());
    data.providerKey("default", "sk-test-default-key-1234", true);
    data.ratingExamplePriceBook();
    token = data.token(data.activeClient("Partitioned team", "10"));
  }

  @Test
  void theCollectorCreatesTheCurrentMonthAndThreeAheadAtStart() {
    assertThat(partitions().months()).contains(YearMonth.of(2026, 11), YearMonth.of(2026, 12),
        YearMonth.of(2027, 1), YearMonth.of(2027, 2));
  }

  @Test
  void anEventIdSeenInOneMonthIsADuplicateWhenReplayedWithATimeInAnotherMonth() {
    UUID id = UUID.randomUUID();
    assertThat(ingest(id, Instant.parse("2026-11-10T09:00:00Z")).get("accepted").asInt()).isEqualTo(1);

    JsonNode again = ingest(id, Instant.parse("2026-09-03T09:00:00Z"));

    assertThat(again.get("accepted").asInt()).isZero();
    assertThat(again.get("duplicates").asInt()).isEqualTo(1);
    assertThat(text("SELECT string_agg(tableoid::regclass::text || ' ' || ts, ',') FROM usage_events WHERE id = '"
        + id + "'")).isEqualTo("usage_events_2026_11 2026-11-10 09:00:00+00");
  }

  @Test
  void anEventOfAMonthWithoutPartitionLandsInDefaultAndMovesWhenTheMonthIsCreated() {
    UUID id = UUID.randomUUID();
    assertThat(ingest(id, Instant.parse("2026-02-15T12:00:00Z")).get("accepted").asInt()).isEqualTo(1);
    assertThat(where("usage_events", "id", id)).isEqualTo("usage_events_default");
    assertThat(where("charge_lines", "event_id", id)).isEqualTo("charge_lines_default");

    assertThat(partitions().create(YearMonth.of(2026, 2))).isTrue();

    assertThat(where("usage_events", "id", id)).isEqualTo("usage_events_2026_02");
    assertThat(where("charge_lines", "event_id", id)).isEqualTo("charge_lines_2026_02");
    assertThat(partitions().create(YearMonth.of(2026, 2))).isFalse();
    assertThat(ingest(id, Instant.parse("2026-02-15T12:00:00Z")).get("duplicates").asInt()).isEqualTo(1);
  }

  @Test
  void retentionDropsOnlyClosedMonthsOlderThanItsWindowAndKeepsTheirIdsForTheReplayWindow() {
    for (YearMonth m : new YearMonth[] {YearMonth.of(2025, 5), YearMonth.of(2025, 6), YearMonth.of(2025, 7),
        YearMonth.of(2026, 10)}) {
      partitions().create(m);
    }
    UUID may = UUID.randomUUID();
    UUID june = UUID.randomUUID();
    UUID lateJune = UUID.randomUUID();
    UUID july = UUID.randomUUID();
    UUID october = UUID.randomUUID();
    ingest(may, Instant.parse("2025-05-10T09:00:00Z"));
    ingest(june, Instant.parse("2025-06-10T09:00:00Z"));
    ingest(july, Instant.parse("2025-07-10T09:00:00Z"));
    ingest(october, Instant.parse("2026-10-10T09:00:00Z"));
    close("2025-05");
    close("2025-06");
    close("2026-10");
    // After June closed, a late June event is billed to July, which is open: June must stay.
    ingest(lateJune, Instant.parse("2025-06-20T09:00:00Z"));
    assertThat(text("SELECT billing_month::text FROM usage_events WHERE id = '" + lateJune + "'"))
        .isEqualTo("2025-07-01");

    // Keep the current month (November 2026) and two before it: the 2025 months are candidates.
    var retention = new UsagePartitions(jdbi, ClockedApp.CLOCK,
        new UsagePartitions.Settings(3, Duration.ofHours(1), 2, Duration.ofDays(730), Duration.ofSeconds(10)));
    assertThat(retention.applyRetention()).containsExactly(YearMonth.of(2025, 5));

    assertThat(partitions().months()).doesNotContain(YearMonth.of(2025, 5))
        .contains(YearMonth.of(2025, 6), YearMonth.of(2025, 7), YearMonth.of(2026, 10));
    assertThat(count("SELECT count(*) FROM usage_events WHERE id IN ('" + june + "', '" + lateJune + "', '" + july
        + "', '" + october + "')")).isEqualTo(4);
    assertThat(count("SELECT count(*) FROM usage_events WHERE id = '" + may + "'")).isZero();
    // May's id is kept for the replay window: the SDK replaying it is a duplicate, not a new event in DEFAULT.
    assertThat(retention.forgetIds()).isZero();
    assertThat(ingest(may, Instant.parse("2025-05-10T09:00:00Z")).get("duplicates").asInt()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM usage_events WHERE id = '" + may + "'")).isZero();

    // Past a 30-day replay window the ids of events no longer stored (older than the oldest stored one) go.
    var shortWindow = new UsagePartitions(jdbi, ClockedApp.CLOCK,
        new UsagePartitions.Settings(3, Duration.ofHours(1), 2, Duration.ofDays(30), Duration.ofSeconds(10)));
    assertThat(shortWindow.forgetIds()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM usage_event_ids WHERE id IN ('" + june + "', '" + lateJune + "', '"
        + july + "', '" + october + "')")).isEqualTo(4);
    assertThat(ingest(may, Instant.parse("2025-05-10T09:00:00Z")).get("accepted").asInt()).isEqualTo(1);
    assertThat(where("usage_events", "id", may)).isEqualTo("usage_events_default");
  }

  private static UsagePartitions partitions() {
    return new UsagePartitions(jdbi, ClockedApp.CLOCK,
        new UsagePartitions.Settings(3, Duration.ofHours(1), 0, Duration.ofDays(90), Duration.ofSeconds(10)));
  }

  private static void close(String month) {
    AdminHttp.Reply closed = admin.post(TestApps.ADMIN_KEY, "/v1/admin/periods/" + month + "/close", null);
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
  }

  private static JsonNode ingest(UUID id, Instant ts) {
    HttpResponse<String> r = data.post("/v1/usage/events", token,
        IngestTestData.batch(IngestTestData.event(id, ts, "gpt-4o-mini", USAGE)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return IngestTestData.json(r);
  }

  private static String where(String table, String idColumn, UUID id) {
    return text("SELECT string_agg(DISTINCT tableoid::regclass::text, ',') FROM " + table + " WHERE " + idColumn
        + " = '" + id + "'");
  }

  private static String text(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private static long count(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
