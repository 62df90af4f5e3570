package dev.tollgate.collector.admin.subscriptions;

import dev.tollgate.collector.common.Keyset;
import dev.tollgate.collector.common.Pages;
import dev.tollgate.collector.admin.teams.Status;
import dev.tollgate.collector.admin.products.ProductDao;
import dev.tollgate.collector.admin.teams.TeamDao;
import dev.tollgate.collector.audit.AuditLog;
import dev.tollgate.collector.common.FieldError;
import dev.tollgate.collector.common.Page;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.quota.Period;
import dev.tollgate.collector.quota.PlanDao;
import dev.tollgate.collector.quota.Quota;
import dev.tollgate.collector.quota.QuotaState;
import dev.tollgate.collector.quota.QuotaStates;
import dev.tollgate.collector.quota.Subscription;
import dev.tollgate.collector.quota.Unit;
import java.util.Optional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Subscriptions and their quotas. A team has at most one active subscription at any instant,
 * so admission and rating never have to choose between two products.
 */
public final class SubscriptionService {

  private final Jdbi jdbi;
  private final AuditLog audit;
  private final Clock clock;
  private final BiConsumer<String, UUID> reviewMintedKeys;

  /** A service whose changes never touch minted keys (dev-mode seeding only creates). */
  public SubscriptionService(Jdbi jdbi, AuditLog audit, Clock clock) {
    this(jdbi, audit, clock, (actor, teamId) -> { });
  }

  /**
   * {@code reviewMintedKeys} is told (actor, team id) after a change that may end a team's right
   * to its minted upstream keys, so that they are revoked at once.
   */
  public SubscriptionService(Jdbi jdbi, AuditLog audit, Clock clock, BiConsumer<String, UUID> reviewMintedKeys) {
    this.jdbi = jdbi;
    this.audit = audit;
    this.clock = clock;
    this.reviewMintedKeys = reviewMintedKeys;
  }

  public Subscription create(String actor, CreateSubscription request) {
    return jdbi.inTransaction(handle -> create(handle, actor, request));
  }

  /** Creates a subscription inside the caller's transaction. */
  public Subscription create(Handle handle, String actor, CreateSubscription request) {
    List<QuotaSpec> quotas = request.quotas() == null ? List.of() : request.quotas();
    checkQuotas(quotas);
    Instant now = clock.instant();
    Instant startsAt = request.startsAt() == null ? now : request.startsAt();
    checkRange(startsAt, request.expiresAt());
    if (handle.attach(TeamDao.class).find(request.teamId()).isEmpty()) {
      throw ProblemException.invalid("team_id", "is not a known team");
    }
    if (handle.attach(ProductDao.class).find(request.productId()).isEmpty()) {
      throw ProblemException.invalid("product_id", "is not a known product");
    }
    SubscriptionDao subscriptions = handle.attach(SubscriptionDao.class);
    requireNoOverlap(subscriptions, request.teamId(), startsAt, request.expiresAt(), null);
    SubscriptionRow row = new SubscriptionRow(UUID.randomUUID(), request.teamId(), request.productId(), startsAt,
        request.expiresAt(), Status.ACTIVE.db(), now, now);
    subscriptions.insert(row);
    PlanDao plans = handle.attach(PlanDao.class);
    for (QuotaSpec spec : quotas) {
      insertQuota(plans, row.id(), spec, now);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("team_id", row.teamId());
    details.put("product_id", row.productId());
    details.put("starts_at", startsAt.toString());
    details.put("expires_at", row.expiresAt() == null ? null : row.expiresAt().toString());
    details.put("quotas", describe(quotas));
    audit.record(handle, actor, "subscription.created", "subscription", row.id(), details);
    QuotaStates.forget(row.teamId());
    return load(handle, row.id());
  }

  public Subscription get(UUID id) {
    return jdbi.inTransaction(handle -> load(handle, id));
  }

  public Page<Subscription> list(UUID teamId, String limit, String cursor) {
    int size = Pages.limit(limit);
    Keyset after = Keyset.after(cursor);
    return jdbi.inTransaction(handle -> {
      List<SubscriptionRow> rows = handle.attach(SubscriptionDao.class).list(teamId, after.at(), after.id(), size + 1);
      List<Subscription> items = handle.attach(PlanDao.class)
          .withQuotas(rows.stream().map(SubscriptionRow::id).toList());
      return Pages.of(items, size, s -> Keyset.cursor(s.createdAt(), s.id()));
    });
  }

  public Subscription update(String actor, UUID id, SubscriptionPatch patch) {
    if (patch.quotas() != null) {
      checkQuotas(patch.quotas());
    }
    Subscription updated = change(actor, id, patch);
    QuotaStates.forget(updated.teamId());
    if (!Status.ACTIVE.db().equals(updated.status()) || updated.expiresAt() != null) {
      reviewMintedKeys.accept(actor, updated.teamId());
    }
    return updated;
  }

  private Subscription change(String actor, UUID id, SubscriptionPatch patch) {
    return jdbi.inTransaction(handle -> {
      SubscriptionDao subscriptions = handle.attach(SubscriptionDao.class);
      Subscription old = load(handle, id);
      Map<String, Object> changes = new LinkedHashMap<>();
      Instant expiresAt = old.expiresAt();
      if (patch.expiresAtPresent() && !java.util.Objects.equals(patch.expiresAt(), old.expiresAt())) {
        expiresAt = patch.expiresAt();
        checkRange(old.startsAt(), expiresAt);
        changes.put("expires_at", expiresAt == null ? null : expiresAt.toString());
      }
      String status = old.status();
      if (patch.status() != null && !patch.status().db().equals(old.status())) {
        status = patch.status().db();
        changes.put("status", status);
      }
      if (Status.ACTIVE.db().equals(status) && (changes.containsKey("status") || changes.containsKey("expires_at"))) {
        requireNoOverlap(subscriptions, old.teamId(), old.startsAt(), expiresAt, id);
      }
      Instant now = clock.instant();
      if (patch.quotas() != null && replaceQuotas(handle.attach(PlanDao.class), old, patch.quotas(), now)) {
        changes.put("quotas", describe(patch.quotas()));
      }
      if (changes.isEmpty()) {
        return old;
      }
      subscriptions.update(new SubscriptionRow(id, old.teamId(), old.productId(), old.startsAt(), expiresAt, status,
          old.createdAt(), now));
      audit.record(handle, actor, "subscription.updated", "subscription", id, changes);
      return load(handle, id);
    });
  }

  /**
   * Each quota's use in its current period, as GET /v1/quota reads it; a total quota's period is
   * shown as the subscription's own.
   */
  public Page<QuotaState> quotaState(UUID id) {
    Instant now = clock.instant();
    return jdbi.inTransaction(handle -> {
      Subscription subscription = load(handle, id);
      List<QuotaState> states = QuotaStates.read(handle, subscription.quotas(), now).stream()
          .map(s -> s.quota().period() == Period.TOTAL
              ? s.withPeriod(subscription.startsAt(), Optional.ofNullable(subscription.expiresAt())) : s)
          .toList();
      return new Page<>(states, null);
    });
  }

  /** Applies a new quota set; true if anything changed. */
  private static boolean replaceQuotas(PlanDao plans, Subscription old, List<QuotaSpec> wanted, Instant now) {
    Map<String, Quota> existing = new HashMap<>();
    for (Quota quota : old.quotas()) {
      existing.put(quota.unit().wireName() + "/" + quota.period().wireName(), quota);
    }
    boolean changed = false;
    Set<String> kept = new HashSet<>();
    for (QuotaSpec spec : wanted) {
      String key = spec.unit().wireName() + "/" + spec.period().wireName();
      kept.add(key);
      Quota current = existing.get(key);
      if (current == null) {
        insertQuota(plans, old.id(), spec, now);
        changed = true;
      } else if (current.limit().compareTo(spec.limit()) != 0
          || current.enforcement() != spec.enforcementOrDefault()
          || !current.alertThresholds().equals(spec.alertThresholdsOr(current.alertThresholds()))) {
        plans.updateQuota(current.id(), spec.limit(), spec.enforcementOrDefault().wireName(),
            spec.alertThresholdsOr(current.alertThresholds()).toArray(Integer[]::new));
        changed = true;
      }
    }
    for (Map.Entry<String, Quota> entry : existing.entrySet()) {
      if (!kept.contains(entry.getKey())) {
        plans.delete(entry.getValue().id());
        changed = true;
      }
    }
    return changed;
  }

  private static void checkQuotas(List<QuotaSpec> quotas) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < quotas.size(); i++) {
      QuotaSpec spec = quotas.get(i);
      if (!seen.add(spec.unit() + "/" + spec.period())) {
        errors.add(new FieldError("quotas[" + i + "]", "repeats the unit and period of an earlier quota"));
      }
      if (spec.unit() != Unit.COST && spec.limit().stripTrailingZeros().scale() > 0) {
        errors.add(new FieldError("quotas[" + i + "].limit", "must be a whole number for " + spec.unit().wireName()));
      }
      if (spec.alertThresholds() != null && Set.copyOf(spec.alertThresholds()).size() < spec.alertThresholds().size()) {
        errors.add(new FieldError("quotas[" + i + "].alert_thresholds", "must not repeat a threshold"));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
  }

  private static void checkRange(Instant startsAt, Instant expiresAt) {
    if (expiresAt != null && !expiresAt.isAfter(startsAt)) {
      throw ProblemException.invalid("expires_at", "must be after starts_at");
    }
  }

  private static void requireNoOverlap(SubscriptionDao subscriptions, UUID teamId, Instant startsAt,
      Instant expiresAt, UUID exceptId) {
    if (subscriptions.overlaps(teamId, startsAt, expiresAt, exceptId)) {
      throw ProblemException.conflict("team_id", "the team has an active subscription overlapping this period");
    }
  }

  private static void insertQuota(PlanDao plans, UUID subscriptionId, QuotaSpec spec, Instant now) {
    plans.insert(new Quota(UUID.randomUUID(), subscriptionId, spec.unit(), spec.period(), spec.limit(),
        spec.enforcementOrDefault(), spec.alertThresholdsOr(QuotaSpec.DEFAULT_ALERT_THRESHOLDS), now));
  }

  private static List<Map<String, Object>> describe(List<QuotaSpec> quotas) {
    return quotas.stream().map(q -> {
      Map<String, Object> quota = new LinkedHashMap<>();
      quota.put("unit", q.unit().wireName());
      quota.put("period", q.period().wireName());
      quota.put("limit", q.limit());
      quota.put("enforcement", q.enforcementOrDefault().wireName());
      if (q.alertThresholds() != null) {
        quota.put("alert_thresholds", q.alertThresholdsOr(List.of()));
      }
      return quota;
    }).toList();
  }

  private static Subscription load(Handle handle, UUID id) {
    return handle.attach(PlanDao.class).withQuotas(List.of(id)).stream().findFirst()
        .orElseThrow(() -> ProblemException.notFound("subscription"));
  }
}
