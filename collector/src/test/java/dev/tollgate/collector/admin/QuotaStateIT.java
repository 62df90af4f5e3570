package dev.tollgate.collector.admin;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /v1/admin/subscriptions/{id}/quotas} reads the current period's counters at the app's clock. */
@ExtendWith(DropwizardExtensionsSupport.class)
class QuotaStateIT {

  static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

  /** The collector with its clock stopped at {@link #NOW}. */
  public static class FixedClockApp extends TollgateApplication {
    @Override
    protected Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(FixedClockApp.class, TestDatabases.create(), config -> config.setClientSecretHashIterations(1000));

  @Test
  void eachQuotaShowsUseInItsCurrentCalendarPeriod() {
    AdminHttp http = new AdminHttp("http://localhost:" + APP.getLocalPort());
    String admin = TestApps.ADMIN_KEY;
    String team = http.post(admin, "/v1/admin/teams", "{\"name\":\"Quota team\"}").text("id");
    String source = http.get(admin, "/v1/admin/sources").json().path("items").get(0).path("id").asText();
    String product = http.post(admin, "/v1/admin/products", json("{'name':'Q','source_ids':['%s']}", source)).text("id");
    var created = http.post(admin, "/v1/admin/subscriptions", json("{'team_id':'%s','product_id':'%s',"
        + "'starts_at':'2026-01-01T00:00:00Z','quotas':["
        + "{'unit':'cost','period':'month','limit':100,'enforcement':'soft'},"
        + "{'unit':'tokens','period':'week','limit':1000},"
        + "{'unit':'requests','period':'day','limit':50},"
        + "{'unit':'requests','period':'total','limit':500}]}", team, product));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.text("created_at")).isEqualTo("2026-11-27T10:15:30Z");
    JsonNode quotas = created.json().path("quotas");
    // The one subscription record also carries the product's markup and sources for rating: not shown here.
    assertThat(created.json().has("markup_percent")).isFalse();
    assertThat(created.json().has("sources")).isFalse();
    assertThat(quotas.get(0).has("hard")).isFalse();

    String month = idOf(quotas, "cost", "month");
    String week = idOf(quotas, "tokens", "week");
    String day = idOf(quotas, "requests", "day");
    String total = idOf(quotas, "requests", "total");
    var db = APP.getConfiguration().getDatabase();
    Jdbi jdbi = Jdbi.create(db.getUrl(), db.getUser(), db.getPassword());
    counter(jdbi, month, "2026-11-01T00:00:00Z", "12.345", "7.5");
    counter(jdbi, month, "2026-10-01T00:00:00Z", "99", "0"); // last month: not counted
    counter(jdbi, week, "2026-11-23T00:00:00Z", "900", "200"); // over the limit: remaining 0
    counter(jdbi, day, "2026-11-26T00:00:00Z", "49", "0"); // yesterday: not counted
    counter(jdbi, total, "1970-01-01T00:00:00Z", "120", "5");

    var state = http.get(admin, "/v1/admin/subscriptions/" + created.text("id") + "/quotas");
    assertThat(state.status()).isEqualTo(200);
    JsonNode items = state.json().path("items");
    assertThat(items).hasSize(4);
    assertThat(state.json().path("next_cursor").isNull()).isTrue();

    JsonNode m = byId(items, month);
    assertThat(m.path("used").decimalValue()).isEqualByComparingTo("12.345");
    assertThat(m.path("reserved").decimalValue()).isEqualByComparingTo("7.5");
    assertThat(m.path("remaining").decimalValue()).isEqualByComparingTo("80.155");
    assertThat(m.path("enforcement").asText()).isEqualTo("soft");
    assertThat(m.path("period_start").asText()).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(m.path("period_end").asText()).isEqualTo("2026-12-01T00:00:00Z");

    JsonNode w = byId(items, week);
    assertThat(w.path("remaining").decimalValue()).isEqualByComparingTo("0");
    assertThat(w.path("period_start").asText()).isEqualTo("2026-11-23T00:00:00Z");
    assertThat(w.path("period_end").asText()).isEqualTo("2026-11-30T00:00:00Z");

    JsonNode d = byId(items, day);
    assertThat(d.path("used").decimalValue()).isEqualByComparingTo("0");
    assertThat(d.path("remaining").decimalValue()).isEqualByComparingTo("50");
    assertThat(d.path("period_start").asText()).isEqualTo("2026-11-27T00:00:00Z");

    JsonNode t = byId(items, total);
    assertThat(t.path("used").decimalValue()).isEqualByComparingTo("120");
    assertThat(t.path("remaining").decimalValue()).isEqualByComparingTo("375");
    assertThat(t.path("period_start").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(t.path("period_end").isNull()).isTrue();
  }

  private static void counter(Jdbi jdbi, String quotaId, String periodStart, String used, String reserved) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO quota_counters (quota_id, period_start, used, reserved) "
            + "VALUES (:q, :p, :u, :r)")
        .bind("q", UUID.fromString(quotaId)).bind("p", Instant.parse(periodStart))
        .bind("u", new BigDecimal(used)).bind("r", new BigDecimal(reserved)).execute());
  }

  private static String idOf(JsonNode quotas, String unit, String period) {
    for (JsonNode q : quotas) {
      if (q.path("unit").asText().equals(unit) && q.path("period").asText().equals(period)) {
        return q.path("id").asText();
      }
    }
    throw new AssertionError(unit + "/" + period + " not in " + quotas);
  }

  private static JsonNode byId(JsonNode items, String quotaId) {
    for (JsonNode q : items) {
      if (q.path("quota_id").asText().equals(quotaId)) {
        return q;
      }
    }
    throw new AssertionError(quotaId + " not in " + items);
  }
}
