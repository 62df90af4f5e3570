package dev.tollgate.collector.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.pricing.ServiceTiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * A month as a FinOps FOCUS 1.2 file (alerts-and-exports.md, "FOCUS export"): the columns in
 * the specification's order, one row per team x client x model x element x UTC day. List and
 * contracted costs are the charge before markup, billed and effective costs the charge with
 * markup, each exact; a null is an empty field. docs/exports.md says how each column is filled.
 */
final class FocusExport {

  static final String[] COLUMNS = {"BillingAccountId", "BillingAccountName", "BillingAccountType", "SubAccountId",
      "SubAccountName", "SubAccountType", "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart",
      "ChargePeriodEnd", "BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "BillingCurrency",
      "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ConsumedQuantity", "ConsumedUnit",
      "PricingQuantity", "PricingUnit", "ListUnitPrice", "ContractedUnitPrice", "ServiceName", "ServiceCategory",
      "ProviderName", "PublisherName", "InvoiceIssuerName", "RegionId", "RegionName", "ResourceId", "ResourceName",
      "ResourceType", "SkuId", "SkuPriceId", "Tags", "x_Markup", "x_ServiceTier"};

  /** FOCUS's Date/Time format: 'YYYY-MM-DDTHH:mm:ssZ', UTC. */
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
  private static final MathContext PRECISION = MathContext.DECIMAL128;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The organisation the file bills, from configuration. */
  record BillingAccount(String id, String name) {

    BillingAccount {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
    }
  }

  private final Jdbi jdbi;
  private final BillingAccount account;

  FocusExport(Jdbi jdbi, BillingAccount account) {
    this.jdbi = jdbi;
    this.account = account;
  }

  /**
   * Prints every row of {@code month}, read with a server-side cursor in one snapshot: the
   * parts of a row (its events' different tags) arrive together and are folded into it.
   */
  void write(YearMonth month, CsvRows printer) {
    jdbi.useTransaction(h -> h.attach(FocusDao.class).month(month).useIterator(parts -> {
      FocusRow row = null;
      while (parts.hasNext()) {
        FocusRow part = parts.next();
        if (row != null && row.key().equals(part.key())) {
          row = row.plus(part);
        } else {
          print(row, month, printer);
          row = part;
        }
      }
      print(row, month, printer);
    }));
  }

  private void print(FocusRow row, YearMonth month, CsvRows printer) {
    if (row == null) {
      return;
    }
    try {
      printer.printRecord(values(row, month));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One row's values in {@link #COLUMNS} order. */
  Object[] values(FocusRow r, YearMonth month) {
    FocusRow.Key k = r.key();
    BigDecimal list = r.amount();
    BigDecimal markup = list.multiply(k.markupPercent()).movePointLeft(2);
    BigDecimal billed = list.add(markup);
    String unit = k.element().equals("requests") ? "Requests" : "Tokens";
    Pricing pricing = Pricing.of(r.quantity(), k.unitPrice(), k.per(), unit);
    String provider = providerName(r.provider(), r.providerKeyName());
    String skuId = (r.priceModel() == null ? k.model() : r.priceModel()) + ":" + k.element();
    return new Object[] {account.id(), account.name(), "Organization", k.teamId(), r.team(), "Team",
        instant(month.atDay(1)), instant(month.plusMonths(1).atDay(1)), instant(k.day()), instant(k.day().plusDays(1)),
        decimal(billed), decimal(billed), decimal(list), decimal(list), k.currency(),
        "Usage", null, description(k), "Usage-Based", decimal(r.quantity()), unit,
        decimal(pricing.quantity()), pricing.unit(), decimal(pricing.unitPrice()), decimal(pricing.unitPrice()),
        k.source(), "AI and Machine Learning", provider, provider, provider, null, null,
        k.clientPublicId(), r.clientName(), "Client", skuId, k.priceId() == null ? skuId : k.priceId(),
        tags(r.tags()), decimal(markup), k.serviceTier()};
  }

  /** KeyValueFormat: a JSON object, keys sorted. */
  private static String tags(Map<String, String> tags) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(tags));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("tags cannot be written as JSON", e);
    }
  }

  /**
   * FOCUS prices in whole units ({@code 1000000 Tokens}): a whole-number {@code per} is the
   * pricing unit, and the quantity is counted in it; any other {@code per} prices single units.
   */
  private record Pricing(BigDecimal quantity, String unit, BigDecimal unitPrice) {

    static Pricing of(BigDecimal consumed, BigDecimal price, BigDecimal per, String unit) {
      BigDecimal whole = per.stripTrailingZeros();
      if (whole.scale() > 0) {
        return new Pricing(consumed, unit, divide(price, per));
      }
      String pricingUnit = whole.compareTo(BigDecimal.ONE) == 0 ? unit : whole.toPlainString() + " " + unit;
      return new Pricing(divide(consumed, per), pricingUnit, price);
    }

    /** Exact for a power-of-ten divisor (nearly every entry), else to 34 significant digits. */
    private static BigDecimal divide(BigDecimal value, BigDecimal divisor) {
      BigDecimal stripped = divisor.stripTrailingZeros();
      if (stripped.unscaledValue().equals(BigInteger.ONE)) {
        return value.scaleByPowerOfTen(stripped.scale());
      }
      return value.divide(divisor, PRECISION);
    }
  }

  /** e.g. {@code gpt-4o-mini-2024-07-18 prompt_tokens}, the tier added when it is not the default. */
  private static String description(FocusRow.Key k) {
    String text = k.model() + " " + k.element();
    return ServiceTiers.isDefault(k.serviceTier()) ? text : text + " (" + k.serviceTier() + " tier)";
  }

  /** The provider of the team's key as FinOps tools name it; an OpenAI-compatible upstream by its key's name. */
  static String providerName(String provider, String keyName) {
    if (provider == null) {
      return "Unknown";
    }
    return switch (provider) {
      case "openai", "openai_admin" -> "OpenAI";
      case "azure_openai", "azure_entra" -> "Microsoft";
      case "openai_compatible" -> keyName;
      default -> provider;
    };
  }

  private static String instant(LocalDate day) {
    return DATE_TIME.format(day.atStartOfDay(ZoneOffset.UTC));
  }

  /** FOCUS's Numeric format: plain digits, no exponent, no trailing zeros. */
  private static String decimal(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }
}
