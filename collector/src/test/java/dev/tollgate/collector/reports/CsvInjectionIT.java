package dev.tollgate.collector.reports;

import static dev.tollgate.collector.usage.IngestTestData.batch;
import static dev.tollgate.collector.usage.IngestTestData.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, defect 5: no CSV export writes a caller's text so that a spreadsheet runs it as
 * a formula, and none changes a number.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CsvInjectionIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app();
  static final String TEAM = "=HYPERLINK(\"http://evil\",\"x\")";
  static final String MODEL = "@SUM(1+1)*cmd";
  static final String END_USER = "+1-555-0100";
  static final String TAG = "-2+3+cmd|' /C calc'!A0";
  static IngestTestData data;
  static Instant at;
  static UUID eventId;

  @BeforeAll
  static void setUp() {
    data = new IngestTestData(APP.getConfiguration(), APP.getLocalPort());
    data.providerKey("default", "sk-test-csv-key-12345678", true);
    data.price(MODEL, "prompt_tokens", "2", "2026-01-01T00:00:00Z");
    IngestTestData.ClientCreds client = data.activeClient(TEAM, "0");
    at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    eventId = UUID.randomUUID();
    String event = "{\"id\":\"" + eventId + "\",\"timestamp\":\"" + at + "\",\"endpoint\":\"/v1/chat/completions\","
        + "\"model\":\"" + MODEL.replace("\"", "\\\"") + "\",\"status_code\":200,\"latency_ms\":7,\"end_user\":\""
        + END_USER + "\",\"trace_id\":\"=1+2\",\"tags\":{\"feature\":\"" + TAG + "\"},"
        + "\"usage\":{\"prompt_tokens\":500000}}";
    HttpResponse<String> r = data.post("/v1/usage/events", data.token(client), batch(event));
    assertThat(json(r).get("accepted").asInt()).as(r.body()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "-", "+", "=", "@"})
  void aTextCellStartingAsAFormulaGetsALeadingApostrophe(String text) {
    assertThat(CsvRows.cell(text)).isEqualTo("'" + text);
  }

  @Test
  void numbersAndOrdinaryTextAreWrittenAsTheyAre() {
    assertThat(CsvRows.cell(new BigDecimal("-0.50"))).isEqualTo(new BigDecimal("-0.50"));
    assertThat(CsvRows.cell(-3L)).isEqualTo(-3L);
    assertThat(CsvRows.cell("-0.000125")).isEqualTo("-0.000125");
    assertThat(CsvRows.cell("+42")).isEqualTo("+42");
    assertThat(CsvRows.cell("1.5e-7")).isEqualTo("1.5e-7");
    assertThat(CsvRows.cell("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(CsvRows.cell(null)).isNull();
    assertThat(CsvRows.cell(true)).isEqualTo(true);
  }

  @Test
  void everyExportNeutralisesCallersTextAndLeavesNumbers() throws IOException {
    String range = "from=" + at.minusSeconds(3600) + "&to=" + at.plusSeconds(3600);

    List<CSVRecord> transactions = csv("/v1/reports/transactions?format=csv&" + range);
    assertThat(cell(transactions, "team")).isEqualTo("'" + TEAM);
    assertThat(cell(transactions, "model")).isEqualTo("'" + MODEL);
    assertThat(cell(transactions, "prompt_tokens")).isEqualTo("500000");
    assertThat(new BigDecimal(cell(transactions, "total_cost"))).isEqualByComparingTo("1");

    List<CSVRecord> detail = csv("/v1/reports/transactions/" + eventId + "?format=csv");
    assertThat(cell(detail, "team")).isEqualTo("'" + TEAM);
    assertThat(cell(detail, "model")).isEqualTo("'" + MODEL);

    List<CSVRecord> usage = csv("/v1/reports/usage?format=csv&group_by=team,model,end_user,tag:feature&" + range);
    assertThat(cell(usage, "team")).isEqualTo("'" + TEAM);
    assertThat(cell(usage, "model")).isEqualTo("'" + MODEL);
    assertThat(cell(usage, "end_user")).isEqualTo("'" + END_USER);
    assertThat(cell(usage, "tag:feature")).isEqualTo("'" + TAG);
    assertThat(cell(usage, "prompt_tokens")).isEqualTo("500000");

    List<CSVRecord> performance = csv("/v1/reports/performance?format=csv&group_by=model&" + range);
    assertThat(cell(performance, "model")).isEqualTo("'" + MODEL);

    YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
    List<CSVRecord> chargeback = csv("/v1/reports/chargeback?format=csv&month=" + month);
    List<CSVRecord> ours = chargeback.stream().filter(r -> r.get("team").equals("'" + TEAM)).toList();
    assertThat(ours).hasSize(1);
    assertThat(ours.get(0).get("model")).isEqualTo("'" + MODEL);
    assertThat(new BigDecimal(ours.get(0).get("cost"))).isEqualByComparingTo("1");

    List<CSVRecord> focus = csv("/v1/reports/focus?month=" + month).stream()
        .filter(r -> r.get("SubAccountName").equals("'" + TEAM)).toList();
    assertThat(focus).isNotEmpty();
    assertThat(new BigDecimal(focus.get(0).get("BilledCost"))).isEqualByComparingTo("1");
  }

  private static List<CSVRecord> csv(String path) throws IOException {
    HttpResponse<String> r = data.get(path, TestApps.ADMIN_KEY);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(r.body())).getRecords();
  }

  private static String cell(List<CSVRecord> records, String column) {
    assertThat(records).isNotEmpty();
    return records.get(0).get(column);
  }
}
