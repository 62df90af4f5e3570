package dev.tollgate.collector.pricing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The price book API: add entries, read the rates in force, import. */
@Path("/v1/admin/prices")
@Produces(MediaType.APPLICATION_JSON)
public class PricesResource {

  /** The body of PUT /v1/admin/prices and of a JSON import. */
  public record PriceBatch(List<PriceRequest> prices) {}

  private final PriceService prices;
  private final Clock clock;
  private final ObjectMapper json;

  public PricesResource(PriceService prices, Clock clock, ObjectMapper json) {
    this.prices = prices;
    this.clock = clock;
    this.json = json;
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  public Map<String, Object> put(@Auth Caller caller, PriceBatch body) {
    if (body == null) {
      throw ProblemException.badRequest("A request body is required", null);
    }
    return answer(prices.add(caller.actor(), "price.added", body.prices()));
  }

  @GET
  @RolesAllowed({Role.ADMIN_NAME, Role.FINANCE_NAME})
  public Page<PriceView> get(@Auth Caller caller, @QueryParam("model") String model, @QueryParam("at") String at,
      @QueryParam("service_tier") String serviceTier) {
    Instant when = at == null || at.isBlank() ? clock.instant() : instant(at, "at");
    Optional<String> tier = serviceTier == null ? Optional.empty() : Optional.of(ServiceTiers.parse(serviceTier)
        .orElseThrow(() -> ProblemException.badRequest("service_tier " + ServiceTiers.RULE, "service_tier")));
    PriceBook book = prices.book();
    List<PriceView> items = new ArrayList<>();
    if (model == null || model.isBlank()) {
      (tier.isPresent() ? book.inForceAt(when, tier.get()) : book.inForceAt(when))
          .forEach(e -> items.add(PriceView.of(e)));
    } else {
      // What would rate a call of this model in this tier: each item names the tier it comes from.
      for (Element element : Element.values()) {
        book.rate(model, tier.orElse(ServiceTiers.DEFAULT), element, when).ifPresent(e -> items.add(PriceView.of(e)));
      }
    }
    return new Page<>(items, null);
  }

  @POST
  @Path("/import")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.ADMIN_NAME)
  public Map<String, Object> importJson(@Auth Caller caller, @QueryParam("source") String source, PriceBatch body) {
    if ("default".equals(source)) {
      return importDefault(caller);
    }
    if (body == null) {
      throw ProblemException.badRequest("A request body is required (or ?source=default)", null);
    }
    return answer(prices.add(caller.actor(), "price.imported", body.prices()));
  }

  @POST
  @Path("/import")
  @Consumes({"text/csv", MediaType.TEXT_PLAIN})
  @RolesAllowed(Role.ADMIN_NAME)
  public Map<String, Object> importCsv(@Auth Caller caller, @QueryParam("source") String source, String body) {
    if ("default".equals(source) || body == null || body.isBlank()) {
      return importDefault(caller);
    }
    return answer(prices.add(caller.actor(), "price.imported", parseCsv(new StringReader(body))));
  }

  private Map<String, Object> importDefault(Caller caller) {
    return answer(prices.add(caller.actor(), "price.imported", DefaultPriceBook.load(json)));
  }

  private static Map<String, Object> answer(PriceService.Added added) {
    return Map.of("added", added.added().size(), "unchanged", added.unchanged(),
        "items", added.added().stream().map(PriceView::of).toList());
  }

  /**
   * CSV with a header row: model, element, price, per (optional), currency (optional), effective_from (optional),
   * service_tier (optional).
   */
  static List<PriceRequest> parseCsv(Reader reader) {
    List<PriceRequest> out = new ArrayList<>();
    try {
      CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
          .setIgnoreSurroundingSpaces(true).get();
      for (CSVRecord row : format.parse(reader)) {
        String line = "line " + (row.getRecordNumber() + 1);
        out.add(new PriceRequest(get(row, "model"), get(row, "element"), decimal(get(row, "price"), line + " price"),
            decimal(get(row, "per"), line + " per"), get(row, "currency"),
            get(row, "effective_from") == null ? null : instant(get(row, "effective_from"), line + " effective_from"),
            get(row, "service_tier")));
      }
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      // commons-csv reports a broken quote or a malformed record while iterating, unchecked.
      Throwable reason = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
      throw ProblemException.badRequest("The CSV could not be read: " + reason.getMessage(), null);
    }
    return out;
  }

  private static String get(CSVRecord row, String column) {
    if (!row.isMapped(column) || !row.isSet(column)) {
      return null;
    }
    String value = row.get(column);
    return value == null || value.isBlank() ? null : value;
  }

  private static BigDecimal decimal(String value, String field) {
    if (value == null) {
      return null;
    }
    try {
      return new BigDecimal(value);
    } catch (NumberFormatException e) {
      throw ProblemException.invalid(field, "is not a number");
    }
  }

  static Instant instant(String value, String field) {
    try {
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(field + " must be an ISO-8601 timestamp such as 2026-11-27T10:00:00Z", field);
    }
  }
}
