package dev.tollgate.collector.usage;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.alerts.AlertRaiser;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.common.Transactions;
import dev.tollgate.collector.infra.TollgateMeters;
import dev.tollgate.collector.periods.BillingMonths;
import dev.tollgate.collector.pricing.ModelsSeenSql;
import dev.tollgate.collector.pricing.PriceBook;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.pricing.Rating;
import dev.tollgate.collector.pricing.RatingEngine;
import dev.tollgate.collector.quota.CatalogVersionSql;
import dev.tollgate.collector.quota.PlanCache;
import dev.tollgate.collector.quota.QuotaConsumption;
import dev.tollgate.collector.quota.Subscription;
import dev.tollgate.collector.quota.TeamPlan;
import dev.tollgate.collector.sources.SourceClassifier;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * Usage ingest. Reads and validates every event, classifies and rates the valid ones in
 * memory (price-book snapshot, the team's plan from the instance's {@link PlanCache}), then writes in ONE
 * transaction: the new events with their charge lines ({@link EventSql}), the quota counters and lease grants,
 * the daily rollups, the models seen and the alerts they raise (with their outbox rows). A
 * crash leaves all of a batch or none of it; an event id stored before (by any client, in any
 * batch) is a duplicate and changes nothing. Each event is billed to its own month or, if that
 * month is closed, to the first open month after it.
 */
public final class IngestService {

  public static final int MAX_EVENTS = 1000;

  private final Jdbi jdbi;
  private final Clock clock;
  private final SourceClassifier sources;
  private final PriceBookCache prices;
  private final EventParser parser;
  private final PlanCache plans = new PlanCache();

  private final MetricRegistry metrics;
  private final AlertRaiser alerts;

  public IngestService(Jdbi jdbi, Clock clock, SourceClassifier sources, PriceBookCache prices, ObjectMapper json,
      MetricRegistry metrics, AlertRaiser alerts) {
    this.metrics = metrics;
    this.alerts = alerts;
    this.jdbi = jdbi;
    this.clock = clock;
    this.sources = sources;
    this.prices = prices;
    this.parser = new EventParser(json);
  }

  public IngestResult ingest(Caller caller, JsonNode body) {
    JsonNode events = body == null ? null : body.get("events");
    if (body == null || !body.isObject() || events == null || events.isNull()) {
      throw ProblemException.invalid("events", "is required");
    }
    if (!events.isArray()) {
      throw ProblemException.invalid("events", "must be a list");
    }
    if (events.size() > MAX_EVENTS) {
      throw new ProblemException(413, "too-large", "Payload Too Large",
          "At most " + MAX_EVENTS + " events per request", null, null);
    }
    Instant now = clock.instant();
    long started = System.nanoTime();
    List<IngestEvent> valid = new ArrayList<>();
    List<IngestResult.Rejected> rejected = new ArrayList<>();
    Set<UUID> ids = new HashSet<>();
    int duplicates = 0;
    for (int i = 0; i < events.size(); i++) {
      EventParser.Result r = parser.parse(events.get(i), now);
      if (r.event() == null) {
        rejected.add(new IngestResult.Rejected(i, idOf(events.get(i)), r.errors()));
      } else if (!ids.add(r.event().id())) {
        duplicates++;
      } else {
        valid.add(r.event());
      }
    }
    if (valid.isEmpty()) {
      return new IngestResult(0, duplicates, rejected);
    }
    UUID teamId = caller.requireTeamId();
    UUID clientId = caller.requireClientId();
    long prepared = time("validate", started, System.nanoTime());
    TeamPlan plan;
    PriceBook book;
    try (var h = jdbi.open()) {
      CatalogVersionSql.Versions versions = CatalogVersionSql.both(h);
      plan = plans.plan(h, teamId, versions.catalog());
      book = prices.current(h, versions.priceBook());
    }
    List<RatedEvent> rows = new ArrayList<>(valid.size());
    for (IngestEvent e : valid) {
      rows.add(rate(e, plan, book, sources.classify(e.endpoint())));
    }
    rows.sort(Comparator.comparing(r -> r.event().id()));
    long rated = System.nanoTime();
    time("rate", prepared, rated);
    Instant earliest = rows.stream().map(r -> r.event().timestamp()).min(Comparator.naturalOrder()).orElseThrow();
    AtomicInteger raised = new AtomicInteger();
    int inserted = Transactions.inTransaction(jdbi, h -> {
      long t0 = System.nanoTime();
      BillingMonths billing = BillingMonths.lock(h, earliest);
      Set<UUID> fresh = EventSql.insert(h, teamId, clientId, now, rows, billing);
      List<RatedEvent> stored = rows.stream().filter(r -> fresh.contains(r.event().id())).toList();
      if (stored.isEmpty()) {
        return 0;
      }
      long t2 = time("write-events", t0, System.nanoTime());
      // What no other batch waits for first (appended rows, a catalogue written only when it moves): the team's
      // quota counters and daily rollups below are the rows every batch of the team updates, and their locks are
      // held until commit, so they come last (quota before rollups, as re-rating takes them).
      LatencyRollups latencies = new LatencyRollups();
      stored.forEach(r -> latencies.add(teamId, clientId, r));
      latencies.write(h);
      ModelsSeenSql.record(h, stored.stream().filter(r -> r.event().ratedModel() != null)
          .map(r -> new ModelsSeenSql.Sighting(r.event().ratedModel(), r.event().timestamp())).toList());
      long t3 = time("write-latencies", t2, System.nanoTime());
      List<QuotaConsumption.Moved> moved = QuotaConsumption.apply(h, teamId, uses(stored, plan), now);
      long t4 = time("write-quota", t3, System.nanoTime());
      Rollups rollups = new Rollups();
      stored.forEach(r ->
          rollups.add(teamId, clientId, r, r.rating().totalCost(), 1, billing.of(r.event().timestamp())));
      rollups.write(h);
      long t5 = time("write-rollups", t4, System.nanoTime());
      raised.set(IngestAlerts.raise(h, alerts, teamId, plan, moved, stored));
      time("write-alerts", t5, System.nanoTime());
      return stored.size();
    });
    time("transaction", rated, System.nanoTime());
    if (raised.get() > 0) {
      alerts.wakeSender();
    }
    return new IngestResult(inserted, duplicates + valid.size() - inserted, rejected);
  }

  /** Records one phase of a batch (Prometheus: {@code tollgate_ingest_phase_seconds{phase}}); returns {@code end}. */
  private long time(String phase, long start, long end) {
    TollgateMeters.ingestPhase(metrics, phase).update(end - start, TimeUnit.NANOSECONDS);
    return end;
  }

  /** Rates {@code e}, classified as {@code source}, under the team's {@code plan}. */
  static RatedEvent rate(IngestEvent e, TeamPlan plan, PriceBook book, String source) {
    Optional<Subscription> subscription = plan.subscriptionFor(source, e.timestamp());
    BigDecimal markup = subscription.map(Subscription::markupPercent).orElse(BigDecimal.ZERO);
    Rating rating = RatingEngine.rate(book, e.ratedModel(), e.serviceTier(), e.quantities(), e.timestamp(), markup);
    return new RatedEvent(e, source, subscription.map(Subscription::productId).orElse(null), rating);
  }

  /** Quotas of the team's subscriptions active at each event's time. */
  static List<QuotaConsumption.Use> uses(List<RatedEvent> stored, TeamPlan plan) {
    List<QuotaConsumption.Use> uses = new ArrayList<>();
    for (RatedEvent r : stored) {
      IngestEvent e = r.event();
      uses.addAll(QuotaConsumption.uses(plan, e.leaseId(), e.timestamp(),
          QuotaConsumption.Consumed.event(r.rating().totalCost(), e.quantities().totalTokens())));
    }
    return uses;
  }

  private static UUID idOf(JsonNode event) {
    JsonNode id = event == null ? null : event.get("id");
    if (id == null || !id.isTextual()) {
      return null;
    }
    try {
      return UUID.fromString(id.asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
