package dev.tollgate.collector.pricing;

import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FieldError;
import dev.tollgate.collector.common.StrictJson;
import dev.tollgate.collector.common.TextRules;
import dev.tollgate.collector.common.ProblemException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Adds entries to the append-only price book. Adding an entry that exists with the same
 * values changes nothing (imports can be repeated); one with the same (model, element,
 * effective_from) but another price is a 409: an entry never changes, a newer
 * effective_from supersedes it.
 */
public final class PriceService {

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /** What adding entries did. */
  public record Added(List<PriceEntry> added, int unchanged) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuditLog audit;
  private final PriceBookCache cache;

  public PriceService(Jdbi jdbi, Clock clock, AuditLog audit, PriceBookCache cache) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = audit;
    this.cache = cache;
  }

  public Added add(String actor, String action, List<PriceRequest> requests) {
    if (requests == null || requests.isEmpty()) {
      throw ProblemException.invalid("prices", "must not be empty");
    }
    Instant now = clock.instant();
    List<PriceEntry> entries = validate(requests, now);
    Added result = jdbi.inTransaction(handle -> insert(handle, entries, now, actor, action));
    return result;
  }

  /** The current snapshot, for reads. */
  public PriceBook book() {
    return jdbi.withHandle(cache::current);
  }

  /** Whether the price book has no entry at all. */
  public boolean isEmpty() {
    return jdbi.withHandle(PricingDao::version).count() == 0;
  }

  /** Every model seen in traffic, by name. */
  public List<PricingDao.SeenModel> modelsSeen() {
    return jdbi.withExtension(PricingDao.class, PricingDao::modelsSeen);
  }

  private Added insert(Handle handle, List<PriceEntry> entries, Instant now, String actor, String action) {
    PricingDao dao = handle.attach(PricingDao.class);
    List<PriceEntry> added = new ArrayList<>();
    int unchanged = 0;
    for (int i = 0; i < entries.size(); i++) {
      PriceEntry e = entries.get(i);
      int rows = dao.insert(e.id(), e.model(), e.serviceTier(), e.element().wireName(), e.price(), e.per(),
          e.currency(), e.effectiveFrom(), now);
      if (rows == 1) {
        added.add(e);
        continue;
      }
      PriceEntry existing = dao.find(e.model(), e.serviceTier(), e.element().wireName(), e.effectiveFrom())
          .orElseThrow();
      if (existing.price().compareTo(e.price()) == 0 && existing.per().compareTo(e.per()) == 0
          && existing.currency().equals(e.currency())) {
        unchanged++;
      } else {
        throw ProblemException.conflict("prices[" + i + "]", "An entry for " + e.model() + " "
            + e.element().wireName() + " (" + e.serviceTier() + " tier) effective " + e.effectiveFrom()
            + " exists with another price; entries never change, add one with a later effective_from");
      }
    }
    if (!added.isEmpty()) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("count", added.size());
      details.put("entries", added.stream().map(e -> Map.of("model", e.model(), "service_tier", e.serviceTier(),
          "element", e.element().wireName(), "price", PriceView.plain(e.price()), "per", PriceView.plain(e.per()),
          "currency", e.currency(), "effective_from", e.effectiveFrom().toString())).toList());
      audit.record(handle, actor, action, "price_book", null, details);
    }
    return new Added(added, unchanged);
  }

  static List<PriceEntry> validate(List<PriceRequest> requests, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    List<PriceEntry> out = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      String at = "prices[" + i + "].";
      PriceRequest r = requests.get(i);
      if (r == null) {
        errors.add(new FieldError("prices[" + i + "]", "must be an object"));
        continue;
      }
      int before = errors.size();
      String model = r.model() == null ? "" : r.model().trim();
      if (model.isEmpty() || model.length() > 200) {
        errors.add(new FieldError(at + "model", "must be a model name or a prefix rule ending in *"));
      } else if (TextRules.notOneLine(model).isPresent()) {
        errors.add(new FieldError(at + "model", TextRules.notOneLine(model).get()));
      } else if (model.indexOf('*') >= 0 && model.indexOf('*') != model.length() - 1) {
        errors.add(new FieldError(at + "model", "may only end in *, nowhere else"));
      }
      Element element = Element.fromWire(r.element()).orElse(null);
      if (element == null) {
        errors.add(new FieldError(at + "element", "must be one of prompt_tokens, cached_prompt_tokens, "
            + "cache_write_prompt_tokens, audio_prompt_tokens, completion_tokens, reasoning_tokens, "
            + "audio_completion_tokens, requests"));
      }
      if (r.price() == null || r.price().signum() < 0) {
        errors.add(new FieldError(at + "price", "must be a number >= 0"));
      } else if (!StrictJson.withinDigits(r.price())) {
        errors.add(new FieldError(at + "price", StrictJson.DIGITS_RULE));
      }
      if (r.per() != null && r.per().signum() <= 0) {
        errors.add(new FieldError(at + "per", "must be > 0"));
      } else if (r.per() != null && !StrictJson.withinDigits(r.per())) {
        errors.add(new FieldError(at + "per", StrictJson.DIGITS_RULE));
      }
      String currency = r.currency() == null ? RatingEngine.DEFAULT_CURRENCY : r.currency().toUpperCase(Locale.ROOT);
      if (!CURRENCY.matcher(currency).matches()) {
        errors.add(new FieldError(at + "currency", "must be an ISO 4217 code such as USD"));
      }
      String tier = ServiceTiers.parse(r.serviceTier()).orElse(null);
      if (tier == null) {
        errors.add(new FieldError(at + "service_tier", ServiceTiers.RULE));
      }
      if (errors.size() == before) {
        BigDecimal per = r.per() == null ? element.defaultPer() : r.per();
        out.add(new PriceEntry(UUID.randomUUID(), model, element, r.price(), per, currency,
            r.effectiveFrom() == null ? now : r.effectiveFrom(), now, tier));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    return out;
  }
}
