package dev.tollgate.collector.reports;

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
import java.util.Objects;
import org.apache.commons.csv.CSVPrinter;
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

  /** Prints every row of {@code month}, read with a server-side cursor in one snapshot. */
  void write(YearMonth month, CSVPrinter printer) {
    jdbi.useTransaction(h -> h.attach(FocusDao.class).month(month).useStream(rows -> rows.forEach(row -> {
      try {
        printer.printRecord(values(row, month));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    })));
  }

  /** One row's values in {@link #COLUMNS} order. */
  Object[] values(FocusRow r, YearMonth month) {
    BigDecimal list = r.amount();
    BigDecimal markup = list.multiply(r.markupPercent()).movePointLeft(2);
    BigDecimal billed = list.add(markup);
    boolean requests = r.element().equals("requests");
    String unit = requests ? "Requests" : "Tokens";
    Pricing pricing = Pricing.of(r.quantity(), r.unitPrice(), r.per(), unit);
    String provider = providerName(r.provider(), r.providerKeyName());
    String skuId = (r.priceModel() == null ? r.model() : r.priceModel()) + ":" + r.element();
    return new Object[] {account.id(), account.name(), "Organization", r.teamId(), r.team(), "Team",
        instant(month.atDay(1)), instant(month.plusMonths(1).atDay(1)), instant(r.day()), instant(r.day().plusDays(1)),
        decimal(billed), decimal(billed), decimal(list), decimal(list), r.currency(),
        "Usage", null, description(r), "Usage-Based", decimal(r.quantity()), unit,
        decimal(pricing.quantity()), pricing.unit(), decimal(pricing.unitPrice()), decimal(pricing.unitPrice()),
        r.source(), "AI and Machine Learning", provider, provider, provider, null, null,
        r.clientPublicId(), r.clientName(), "Client", skuId, r.priceId() == null ? skuId : r.priceId(),
        r.tagsJson(), decimal(markup), r.serviceTier()};
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
  private static String description(FocusRow r) {
    String text = r.model() + " " + r.element();
    return ServiceTiers.isDefault(r.serviceTier()) ? text : text + " (" + r.serviceTier() + " tier)";
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
