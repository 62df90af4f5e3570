package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FOCUS 1.2 checks the export test relies on catch what they are meant to catch. */
class FocusRequirementsTest {

  private static final List<String> HEADER = FocusRequirements.COLUMNS.stream()
      .map(FocusRequirements.Column::id).toList();

  private static Map<String, String> goodRow() {
    Map<String, String> row = new LinkedHashMap<>();
    String[] values = {"acme", "ACME", "Organization", "team-1", "Alpha", "Team", "2026-11-01T00:00:00Z",
        "2026-12-01T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z", "0.0002475", "0.0002475",
        "0.000225", "0.000225", "USD", "Usage", "", "gpt-4o-mini prompt_tokens", "Usage-Based", "3000", "Tokens",
        "0.003", "1000000 Tokens", "0.075", "0.075", "chat.completions", "AI and Machine Learning", "OpenAI",
        "OpenAI", "OpenAI", "", "", "tg_abc", "alpha-web", "Client", "gpt-4o-mini*:prompt_tokens", "price-1",
        "{\"feature\":\"summarise\"}", "0.0000225", "flex"};
    for (int i = 0; i < values.length; i++) {
      row.put(HEADER.get(i), values[i]);
    }
    return row;
  }

  private static List<String> violations(Map<String, String> row) {
    return FocusRequirements.violations(HEADER, List.of(row));
  }

  @Test
  void aConformingRowPasses() {
    assertThat(violations(goodRow())).isEmpty();
  }

  @Test
  void eachBreachIsReported() {
    Map<String, String[]> breaches = new LinkedHashMap<>();
    breaches.put("BillingAccountId", new String[] {"", "BillingAccountId is null"});
    breaches.put("ChargePeriodStart", new String[] {"2026-11-03T00:00:00.000Z", "not YYYY-MM-DDTHH:mm:ssZ"});
    breaches.put("BillingPeriodEnd", new String[] {"2026-11-01T00:00:00Z", "BillingPeriodStart is not before"});
    breaches.put("BilledCost", new String[] {"1,5", "not a FOCUS number"});
    breaches.put("EffectiveCost", new String[] {"+1.5", "not a FOCUS number"});
    breaches.put("ChargeCategory", new String[] {"usage", "is not one of"});
    breaches.put("ServiceCategory", new String[] {"AI", "is not one of"});
    breaches.put("ChargeClass", new String[] {"None", "is not one of"});
    breaches.put("BillingCurrency", new String[] {"usd", "ISO 4217"});
    breaches.put("PricingUnit", new String[] {"1M Tokens", "UnitFormat"});
    breaches.put("ListUnitPrice", new String[] {"0.08", "ListUnitPrice x PricingQuantity"});
    breaches.put("SubAccountName", new String[] {"", "SubAccountName must be null exactly when"});
    breaches.put("SkuPriceId", new String[] {"", "SkuPriceId must not be null"});
    breaches.put("ResourceName", new String[] {"tg_abc", "duplicates ResourceId"});
    breaches.put("Tags", new String[] {"{\"a\":{\"b\":1}}", "not a scalar"});
    breaches.put("x_ServiceTier", new String[] {"", "x_ServiceTier is null"});
    List<String> missed = new ArrayList<>();
    breaches.forEach((column, breach) -> {
      Map<String, String> row = goodRow();
      row.put(column, breach[0]);
      if (violations(row).stream().noneMatch(v -> v.contains(breach[1]))) {
        missed.add(column + "=" + breach[0]);
      }
    });
    assertThat(missed).isEmpty();
  }

  @Test
  void duplicateTagKeysAndASkuPriceWithTwoSkusAreReported() {
    Map<String, String> row = goodRow();
    row.put("Tags", "{\"a\":\"1\",\"a\":\"2\"}");
    assertThat(violations(row)).anyMatch(v -> v.contains("unique keys"));

    Map<String, String> other = goodRow();
    other.put("SkuId", "gpt-4o*:prompt_tokens");
    assertThat(FocusRequirements.violations(HEADER, List.of(goodRow(), other)))
        .anyMatch(v -> v.contains("two parent SkuIds"));
  }

  @Test
  void columnsOutOfOrderOrMissingAreReported() {
    List<String> reordered = new ArrayList<>(HEADER);
    reordered.set(0, "BillingAccountName");
    reordered.set(1, "BillingAccountId");
    assertThat(FocusRequirements.violations(reordered, List.of())).anyMatch(v -> v.startsWith("columns are"));

    List<String> missing = new ArrayList<>(HEADER);
    missing.remove("ListCost");
    assertThat(FocusRequirements.violations(missing, List.of())).contains("Mandatory column ListCost is missing");

    List<String> custom = new ArrayList<>(HEADER);
    custom.add(0, "x_First");
    assertThat(FocusRequirements.violations(custom, List.of()))
        .anyMatch(v -> v.contains("comes after a custom column"));
  }
}
