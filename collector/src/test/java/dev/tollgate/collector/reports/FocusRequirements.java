package dev.tollgate.collector.reports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * FOCUS 1.2's requirements for the columns Tollgate's export carries, written down from the
 * specification (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, tag v1.2: specification/columns
 * and specification/attributes), since the FOCUS validator cannot be installed here.
 * {@link #violations} checks a parsed file against them and returns every breach it finds.
 * A CSV field that is empty is a null (FOCUS's NullHandling: nulls, never placeholders).
 */
final class FocusRequirements {

  enum Type { STRING, DECIMAL, DATETIME, JSON }

  /** One column: its data type, whether FOCUS allows nulls in it, its allowed values (empty: any). */
  record Column(String id, Type type, boolean nullable, Set<String> allowed) {}

  private static Column column(String id, Type type, boolean nullable, String... allowed) {
    return new Column(id, type, nullable, Set.of(allowed));
  }

  /** The columns alerts-and-exports.md lists, in its order, with FOCUS 1.2's constraints. */
  static final List<Column> COLUMNS = List.of(
      column("BillingAccountId", Type.STRING, false),            // Mandatory
      column("BillingAccountName", Type.STRING, true),           // Mandatory; not null when names can be assigned
      column("BillingAccountType", Type.STRING, false),          // Conditional; not null when BillingAccountId is not
      column("SubAccountId", Type.STRING, true),                 // Conditional
      column("SubAccountName", Type.STRING, true),               // Conditional; not null when SubAccountId is not
      column("SubAccountType", Type.STRING, true),               // Conditional (1.2); same
      column("BillingPeriodStart", Type.DATETIME, false),        // Mandatory, inclusive
      column("BillingPeriodEnd", Type.DATETIME, false),          // Mandatory, exclusive
      column("ChargePeriodStart", Type.DATETIME, false),         // Mandatory, inclusive
      column("ChargePeriodEnd", Type.DATETIME, false),           // Mandatory, exclusive
      column("BilledCost", Type.DECIMAL, false),                 // Mandatory
      column("EffectiveCost", Type.DECIMAL, false),              // Mandatory
      column("ListCost", Type.DECIMAL, false),                   // Mandatory
      column("ContractedCost", Type.DECIMAL, false),             // Mandatory
      column("BillingCurrency", Type.STRING, false),             // Mandatory, ISO 4217
      column("ChargeCategory", Type.STRING, false, "Usage", "Purchase", "Tax", "Credit", "Adjustment"),
      column("ChargeClass", Type.STRING, true, "Correction"),    // Mandatory, null unless a correction
      column("ChargeDescription", Type.STRING, true),            // Mandatory, SHOULD NOT be null
      column("ChargeFrequency", Type.STRING, false, "One-Time", "Recurring", "Usage-Based"), // Recommended
      column("ConsumedQuantity", Type.DECIMAL, true),            // Conditional
      column("ConsumedUnit", Type.STRING, true),                 // Conditional
      column("PricingQuantity", Type.DECIMAL, true),             // Mandatory
      column("PricingUnit", Type.STRING, true),                  // Mandatory
      column("ListUnitPrice", Type.DECIMAL, true),               // Conditional, non-negative
      column("ContractedUnitPrice", Type.DECIMAL, true),         // Conditional, non-negative
      column("ServiceName", Type.STRING, false),                 // Mandatory
      column("ServiceCategory", Type.STRING, false, "AI and Machine Learning", "Analytics", "Business Applications",
          "Compute", "Databases", "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
          "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security", "Storage", "Web",
          "Other"),
      column("ProviderName", Type.STRING, false),                // Mandatory
      column("PublisherName", Type.STRING, false),               // Mandatory
      column("InvoiceIssuerName", Type.STRING, false),           // Mandatory
      column("RegionId", Type.STRING, true),                     // Conditional
      column("RegionName", Type.STRING, true),                   // Conditional; null when RegionId is
      column("ResourceId", Type.STRING, true),                   // Conditional
      column("ResourceName", Type.STRING, true),                 // Conditional
      column("ResourceType", Type.STRING, true),                 // Conditional; not null when ResourceId is not
      column("SkuId", Type.STRING, true),                        // Conditional
      column("SkuPriceId", Type.STRING, true),                   // Conditional
      column("Tags", Type.JSON, true),                           // Conditional, KeyValueFormat
      column("x_Markup", Type.DECIMAL, false),                   // custom
      column("x_ServiceTier", Type.STRING, false));              // custom

  /** Every column FOCUS 1.2 marks Mandatory: a FOCUS dataset must carry each of them. */
  static final Set<String> MANDATORY = Set.of("BilledCost", "BillingAccountId", "BillingAccountName",
      "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
      "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost",
      "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
      "ServiceCategory", "ServiceName");

  /** ColumnHandling: Pascal case, alphanumeric, at most 50 characters; custom columns prefixed x_. */
  private static final Pattern FOCUS_ID = Pattern.compile("[A-Z][A-Za-z0-9]{0,49}");
  private static final Pattern CUSTOM_ID = Pattern.compile("x_[A-Z][A-Za-z0-9]{0,47}");
  /** DateTimeFormat: 'YYYY-MM-DDTHH:mm:ssZ', UTC. */
  private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  /** NumericFormat: an integer or decimal (or E notation, exponent signed only when negative); no +, commas, units. */
  private static final Pattern NUMERIC = Pattern.compile("-?\\d+(\\.\\d+)?(E-?\\d+)?");
  /** CurrencyFormat for a national currency: ISO 4217's three letters. */
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  /** UnitFormat: plural count units, optionally after a whole-number quantity ("1000000 Tokens"). */
  private static final Pattern UNIT = Pattern.compile("(\\d+ )?[A-Z][a-z]+s");

  /** Duplicate keys are an error, as KeyValueFormat requires unique keys. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private FocusRequirements() {}

  /** Every breach of the requirements by a file with {@code header} and {@code rows} (column name to value). */
  static List<String> violations(List<String> header, List<Map<String, String>> rows) {
    List<String> out = new ArrayList<>();
    header(header, out);
    Map<String, String> skuOfPrice = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = rows.get(i);
      String at = "row " + (i + 1) + " ";
      for (Column c : COLUMNS) {
        value(c, row.get(c.id()), at, out);
      }
      rules(row, at, out);
      String sku = row.get("SkuId");
      String price = row.get("SkuPriceId");
      if (!isNull(price) && !isNull(sku) && !sku.equals(skuOfPrice.computeIfAbsent(price, p -> sku))) {
        out.add(at + "SkuPriceId " + price + " has two parent SkuIds: " + skuOfPrice.get(price) + " and " + sku);
      }
    }
    return out;
  }

  private static void header(List<String> header, List<String> out) {
    List<String> expected = COLUMNS.stream().map(Column::id).toList();
    if (!header.equals(expected)) {
      out.add("columns are " + header + ", expected " + expected);
    }
    for (String mandatory : MANDATORY) {
      if (!header.contains(mandatory)) {
        out.add("Mandatory column " + mandatory + " is missing");
      }
    }
    boolean customSeen = false;
    for (String id : header) {
      boolean custom = id.startsWith("x_");
      if (custom ? !CUSTOM_ID.matcher(id).matches() : !FOCUS_ID.matcher(id).matches()) {
        out.add("column id " + id + " breaks ColumnHandling naming");
      }
      if (customSeen && !custom) {
        out.add("FOCUS column " + id + " comes after a custom column");
      }
      customSeen |= custom;
    }
  }

  private static void value(Column c, String value, String at, List<String> out) {
    if (isNull(value)) {
      if (!c.nullable()) {
        out.add(at + c.id() + " is null but must not be");
      }
      return;
    }
    if (value.isBlank()) {
      out.add(at + c.id() + " holds only spaces");
    }
    switch (c.type()) {
      case DATETIME -> check(DATETIME.matcher(value).matches(), at + c.id() + " is not YYYY-MM-DDTHH:mm:ssZ: " + value,
          out);
      case DECIMAL -> check(NUMERIC.matcher(value).matches(), at + c.id() + " is not a FOCUS number: " + value, out);
      case JSON -> keyValue(value, at + c.id(), out);
      case STRING -> { }
    }
    if (!c.allowed().isEmpty() && !c.allowed().contains(value)) {
      out.add(at + c.id() + " " + value + " is not one of " + c.allowed());
    }
  }

  /** The requirements that relate columns of one row. */
  private static void rules(Map<String, String> r, String at, List<String> out) {
    boolean usage = "Usage".equals(r.get("ChargeCategory")) && isNull(r.get("ChargeClass"));
    if (usage) {
      for (String column : List.of("ConsumedQuantity", "PricingQuantity", "ListUnitPrice", "ContractedUnitPrice",
          "SkuId", "SkuPriceId")) {
        check(!isNull(r.get(column)), at + column + " must not be null on a Usage row", out);
      }
    }
    pair(r, "BillingAccountId", "BillingAccountType", at, out);
    pair(r, "SubAccountId", "SubAccountName", at, out);
    pair(r, "SubAccountId", "SubAccountType", at, out);
    pair(r, "RegionId", "RegionName", at, out);
    pair(r, "ResourceId", "ResourceType", at, out);
    pair(r, "ConsumedQuantity", "ConsumedUnit", at, out);
    pair(r, "PricingQuantity", "PricingUnit", at, out);
    check(!isNull(r.get("ResourceId")) || isNull(r.get("ResourceName")), at + "ResourceName without ResourceId", out);
    check(isNull(r.get("ResourceName")) || !r.get("ResourceName").equals(r.get("ResourceId")),
        at + "ResourceName duplicates ResourceId", out);
    check(!"Purchase".equals(r.get("ChargeCategory")) || !"Usage-Based".equals(r.get("ChargeFrequency")),
        at + "a Purchase cannot be Usage-Based", out);
    check(isNull(r.get("BillingCurrency")) || CURRENCY.matcher(r.get("BillingCurrency")).matches(),
        at + "BillingCurrency is not ISO 4217", out);
    for (String unit : List.of("ConsumedUnit", "PricingUnit")) {
      check(isNull(r.get(unit)) || UNIT.matcher(r.get(unit)).matches(), at + unit + " breaks UnitFormat", out);
    }
    before(r, "BillingPeriodStart", "BillingPeriodEnd", at, out);
    before(r, "ChargePeriodStart", "ChargePeriodEnd", at, out);
    for (String price : List.of("ListUnitPrice", "ContractedUnitPrice")) {
      check(number(r, price) == null || number(r, price).signum() >= 0, at + price + " is negative", out);
    }
    product(r, "ListUnitPrice", "ListCost", at, out);
    product(r, "ContractedUnitPrice", "ContractedCost", at, out);
  }

  /** {@code dependent} is null exactly when {@code key} is. */
  private static void pair(Map<String, String> r, String key, String dependent, String at, List<String> out) {
    check(isNull(r.get(key)) == isNull(r.get(dependent)), at + dependent + " must be null exactly when " + key
        + " is", out);
  }

  private static void before(Map<String, String> r, String start, String end, String at, List<String> out) {
    if (DATETIME.matcher(r.getOrDefault(start, "")).matches() && DATETIME.matcher(r.getOrDefault(end, "")).matches()) {
      check(Instant.parse(r.get(start)).isBefore(Instant.parse(r.get(end))), at + start + " is not before " + end, out);
    }
  }

  /** unit price x PricingQuantity = cost, unless the row is a correction. */
  private static void product(Map<String, String> r, String unitPrice, String cost, String at, List<String> out) {
    BigDecimal price = number(r, unitPrice);
    BigDecimal quantity = number(r, "PricingQuantity");
    BigDecimal total = number(r, cost);
    if (price != null && quantity != null && total != null && isNull(r.get("ChargeClass"))) {
      check(price.multiply(quantity).compareTo(total) == 0,
          at + unitPrice + " x PricingQuantity = " + price.multiply(quantity) + " but " + cost + " = " + total, out);
    }
  }

  /** KeyValueFormat: a JSON object (so keys are unique) whose values are scalars or null. */
  private static void keyValue(String value, String where, List<String> out) {
    try {
      JsonNode node = JSON.readTree(value);
      if (node == null || !node.isObject()) {
        out.add(where + " is not a JSON object: " + value);
        return;
      }
      node.fields().forEachRemaining(e -> check(!e.getValue().isContainerNode(),
          where + " value of " + e.getKey() + " is not a scalar", out));
    } catch (IOException e) {
      out.add(where + " is not a JSON object with unique keys: " + value);
    }
  }

  private static BigDecimal number(Map<String, String> r, String column) {
    String value = r.get(column);
    return isNull(value) || !NUMERIC.matcher(value).matches() ? null : new BigDecimal(value);
  }

  static boolean isNull(String value) {
    return value == null || value.isEmpty();
  }

  private static void check(boolean ok, String violation, List<String> out) {
    if (!ok) {
      out.add(violation);
    }
  }
}
