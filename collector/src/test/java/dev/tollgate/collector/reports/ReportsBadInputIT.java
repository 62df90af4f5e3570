package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input is a 400 (cannot be read) or 422 (readable but invalid) problem naming the parameter, never a 500. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReportsBadInputIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(c -> c.setReportMaxRangeDays(31));
  static final String R = "from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z";
  /** 257 characters: one more than a stored end user may have. */
  static final String LONG = "u123456789u123456789u123456789u123456789u123456789u123456789u123456789u123456789"
      + "u123456789u123456789u123456789u123456789u123456789u123456789u123456789u123456789"
      + "u123456789u123456789u123456789u123456789u123456789u123456789u123456789u123456789"
      + "u123456789u123456789u123456";

  static ReportsFixture world;

  @BeforeAll
  static void load() {
    world = new ReportsFixture(APP, 71).load(20);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "transactions?to=2026-11-02T00:00:00Z | 422 | from",
      "usage?from=2026-11-01T00:00:00Z | 422 | to",
      "usage?from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z | 422 | to",
      "usage?from=2026-11-02T00:00:00Z&to=2026-11-02T00:00:00Z | 422 | to",
      "performance?from=2026-01-01T00:00:00Z&to=2026-11-02T00:00:00Z | 422 | to",
      "transactions?from=yesterday&to=2026-11-02T00:00:00Z | 400 | from",
      "transactions?from=2026-11-01T00:00:00Z&to=2026-13-02 | 400 | to",
      "usage?" + R + "&group_by=team,colour | 400 | group_by",
      "usage?" + R + "&group_by=tag: | 400 | group_by",
      "performance?" + R + "&group_by=end_user | 400 | group_by",
      "performance?" + R + "&interval=week | 400 | interval",
      "transactions?" + R + "&status=failed | 400 | status",
      "transactions?" + R + "&format=xml | 400 | format",
      "usage?" + R + "&format=pdf | 400 | format",
      "transactions?" + R + "&team_id=abc | 400 | team_id",
      "usage?" + R + "&team_id=123e4567-e89b-12d3-a456-42661417400 | 400 | team_id",
      "transactions?" + R + "&cursor=not-a-cursor | 400 | cursor",
      "transactions?" + R + "&cursor=dHgfeB95 | 400 | cursor",
      "transactions?" + R + "&limit=0 | 422 | limit",
      "transactions?" + R + "&limit=5000 | 422 | limit",
      "transactions?" + R + "&limit=ten | 400 | limit",
      "transactions?" + R + "&teamid=x | 400 | teamid",
      "transactions?" + R + "&tag.=x | 400 | tag.",
      "usage?" + R + "&tag.a%20b=x | 400 | tag.a b",
      "transactions?" + R + "&trace_id=a%00b | 400 | trace_id",
      "performance?" + R + "&end_user=" + LONG + " | 400 | end_user",
      "chargeback?month=2026-11&tag.feature=x | 400 | tag.feature",
      "usage?" + R + "&cursor=abc | 400 | cursor",
      "chargeback | 422 | month",
      "chargeback?month=2026-13 | 400 | month",
      "chargeback?month=11-2026 | 400 | month",
      "chargeback?month=2026-1 | 400 | month",
      "chargeback?month=2026-11&currency=dollars | 400 | currency",
      "chargeback?month=2026-11&team_id=nope | 400 | team_id",
      "chargeback?month=2026-11&format=xlsx | 400 | format",
      "transactions/abc?format=xml | 400 | format",
  })
  void isAProblemNamingTheParameter(String query, int status, String field) throws Exception {
    HttpResponse<String> response = world.get(query.strip());
    assertThat(response.statusCode()).as(query + " -> " + response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
    JsonNode body = world.json.readTree(response.body());
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("errors").get(0).get("field").asText()).isEqualTo(field.strip());
    assertThat(response.body()).doesNotContain("Exception");
  }
}
