package dev.tollgate.collector.quota;

import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.common.TextRules;
import dev.tollgate.collector.common.Transactions;
import dev.tollgate.collector.pricing.PriceBook;
import dev.tollgate.collector.pricing.PriceBookCache;
import dev.tollgate.collector.pricing.PricingDao;
import dev.tollgate.collector.sources.SourceClassifier;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Quota leases: a slice of each applicable quota reserved for one client for a short time.
 *
 * <p>Sizing: a grant is the smallest of {@code limit x maxFractionOfLimit}, {@code remaining
 * x maxFractionOfRemaining}, the client's room under its share and what remains, but at
 * least the caller's estimate (which must fit in what remains of a hard quota) and at least
 * one whole token or request. So a hard quota can be exceeded only by what outstanding
 * leases allow.
 *
 * <p>Hoarding: a client holds at most one open lease per (endpoint, model), asking again
 * settles the previous one; and all of one client's open grants on a quota stay within
 * {@code limit x maxClientShareOfLimit}, its oldest leases being settled to make room. A
 * client that asks in a loop, over any number of model names, thus reserves at most its
 * share, and the team's other clients are still granted what remains.
 *
 * <p>Two levels: on a busy hard quota, a grant is cut in memory from this instance's own lease on
 * the quota ({@link InstanceLeases}), sized by the client's demand, instead of being reserved in
 * the quota's counter row; the client lease and its grant are still written, so any instance
 * settles it and ingest charges it. Overshoot stays bounded by what the counter holds reserved:
 * direct grants and instance leases.
 *
 * <p>Groups: a busy team's requests are granted together by {@link LeaseGroups}, in two
 * transactions per group ({@link #leaseGroup}) by the same rules; whatever a group does not
 * grant is leased alone ({@link #leaseAlone}), which handles every case.
 */
public final class LeaseService {

  private static final BigDecimal SMALLEST_COST = new BigDecimal("0.000001");
  private static final int COST_SCALE = 9;
  private static final int OPTIMISTIC_ATTEMPTS = 8;
  private static final String DEFAULT_ENDPOINT = "/v1/chat/completions";
  private static final int MAX_TEXT = 256;

  /**
   * A granted lease, as the API returns it. {@code costPerToken}, {@code costPerPromptToken}
   * and {@code costPerCompletionToken} (Tollgate extensions) bound what one token of the
   * requested model costs, markup included: any token, a prompt token, a completion token. The
   * SDK counts a cost grant down locally with them; null when the model has no price or none
   * was named.
   */
  public record Lease(UUID leaseId, Instant expiresAt, List<Map<String, Object>> grants,
      List<Map<String, Object>> softLimitWarnings, BigDecimal costPerToken, BigDecimal costPerPromptToken,
      BigDecimal costPerCompletionToken) {

    Lease(UUID leaseId, Instant expiresAt, List<Map<String, Object>> grants,
        List<Map<String, Object>> softLimitWarnings, PriceBook.TokenRates rates) {
      this(leaseId, expiresAt, grants, softLimitWarnings, rates == null ? null : rates.max(),
          rates == null ? null : rates.prompt(), rates == null ? null : rates.completion());
    }
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private final SourceClassifier sources;
  private final Duration ttl;
  private final BigDecimal fractionOfLimit;
  private final BigDecimal fractionOfRemaining;
  private final BigDecimal clientShare;
  private final PriceBookCache prices;
  private final PlanCache plans = new PlanCache();

  /** A pooled quota's instance lease could not cover a grant: the lease is tried again after a refill. */
  private static final class NeedRefill extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Quota quota;
    private final transient Instant start;
    private final transient BigDecimal min;

    NeedRefill(Quota quota, Instant start, BigDecimal min) {
      super(null, null, false, false);
      this.quota = quota;
      this.start = start;
      this.min = min;
    }
  }

  private static final int REFILL_ATTEMPTS = 4;

  private final InstanceLeases instanceLeases;
  /** Where busy teams' leases are granted together; null when every lease is granted alone. */
  private final LeaseGroups groups;

  public LeaseService(Jdbi jdbi, Clock clock, SourceClassifier sources, Duration ttl, BigDecimal fractionOfLimit,
      BigDecimal fractionOfRemaining, BigDecimal clientShare, PriceBookCache prices) {
    this(jdbi, clock, sources, ttl, fractionOfLimit, fractionOfRemaining, clientShare, prices, null, false);
  }

  /**
   * With {@code instanceLeases} (null: every grant reserved in the counter directly) and, if
   * {@code grouped}, busy teams' leases granted in groups ({@link #groups()}, to be started).
   */
  LeaseService(Jdbi jdbi, Clock clock, SourceClassifier sources, Duration ttl, BigDecimal fractionOfLimit,
      BigDecimal fractionOfRemaining, BigDecimal clientShare, PriceBookCache prices, InstanceLeases instanceLeases,
      boolean grouped) {
    this.instanceLeases = instanceLeases;
    this.groups = instanceLeases != null && grouped ? new LeaseGroups(this::leaseGroup) : null;
    this.jdbi = jdbi;
    this.clock = clock;
    this.sources = sources;
    this.ttl = ttl;
    this.fractionOfLimit = fractionOfLimit;
    this.fractionOfRemaining = fractionOfRemaining;
    this.clientShare = clientShare;
    this.prices = prices;
  }

  /** The thread that grants leases in groups, for the application's lifecycle to start and stop; empty if none. */
  Optional<LeaseGroups> groups() {
    return Optional.ofNullable(groups);
  }

  public Lease lease(Caller caller, LeaseRequest request) {
    try {
      return leaseAndCount(caller, request);
    } finally {
      QuotaStates.forget(caller.requireTeamId());
    }
  }

  private Lease leaseAndCount(Caller caller, LeaseRequest request) {
    LeaseRequest r = request == null ? new LeaseRequest(null, null, null, null, null) : request;
    validate(r);
    String source = sourceOf(r);
    UUID teamId = caller.requireTeamId();
    try (InstanceLeases.Leasing leasing = instanceLeases == null ? () -> { } : instanceLeases.leasing(teamId)) {
      if (groups != null && instanceLeases.busyTeam(teamId) && mayGroup(teamId)) {
        Optional<Lease> grouped = groups.lease(new Asked(caller, r, source));
        if (grouped.isPresent()) {
          return grouped.get();
        }
      }
      return leaseAlone(caller, r, source);
    } catch (QuotaRefusal refusal) {
      // The lease's transaction rolled back; the refusal is counted on its own (a 100 % alert reports it).
      Transactions.inTransaction(jdbi, h -> {
        CounterSql.countRefusal(h, refusal.quotaId(), refusal.periodStart());
        return null;
      });
      throw refusal;
    }
  }

  /**
   * Whether a group may grant the team's leases, as far as its plan last cached says: only when
   * every quota in force is hard (a group grants only from instance leases). A stale answer costs
   * a detour at most: the group checks the current plan.
   */
  private boolean mayGroup(UUID teamId) {
    Instant now = clock.instant();
    return plans.cached(teamId).map(plan -> plan.quotasAt(now))
        .map(quotas -> !quotas.isEmpty() && quotas.stream().allMatch(Quota::hard))
        .orElse(true);
  }

  /** One lease in transactions of its own: every case (direct grants, refills, refusals). */
  private Lease leaseAlone(Caller caller, LeaseRequest r, String source) {
    if (r.replaces() != null && r.replaces().leaseId() != null) {
      // Settled first, on its own: what its calls took stays reserved whether or not this lease is granted.
      // (In the lease's own transaction, its lock would be held while the lease settles the client's other
      // leases, and two renewals of one client's leases would deadlock.)
      Transactions.inTransaction(jdbi, h -> SettleService.settle(h, caller, r.replaces().leaseId(),
          r.replaces().used(), clock.instant()));
    }
    Set<UUID> direct = new HashSet<>();
    for (int attempt = 0; ; attempt++) {
      try {
        return cuttingSlices((h, cut) -> lease(h, caller, r, source, direct, cut));
      } catch (NeedRefill need) {
        // Outside any transaction: the refill takes the counter's row lock itself.
        if (attempt >= REFILL_ATTEMPTS || !instanceLeases.refill(need.quota, need.start, need.min, false)) {
          direct.add(need.quota.id());
        }
      }
    }
  }

  /** A lease request waiting in a group ({@link LeaseGroups}), after validation. */
  record Asked(Caller caller, LeaseRequest request, String source) {

    UUID clientId() {
      return caller.requireClientId();
    }
  }

  /**
   * Grants a group of lease requests of distinct clients together (on {@link LeaseGroups}'
   * thread): the leases they replace are settled in one transaction, then the leases are decided
   * and written in another, in a fixed number of statements however many there are. Only leases
   * whose every quota is a busy hard quota, cut from this instance's leases in memory, are granted
   * here; for any other, and for all when a transaction fails, the answer is empty and the request
   * is leased {@linkplain #leaseAlone alone} (its replaced lease is then already settled, which
   * settling again leaves as it is). A refusal that needs no counter (a disabled client, no
   * subscription, a source outside the product) is the request's answer.
   */
  List<GroupAnswer> leaseGroup(List<Asked> group) {
    Instant settledAt = clock.instant();
    List<SettleService.Settling> replaced = new ArrayList<>();
    for (Asked a : group) {
      LeaseRequest.Replaces replaces = a.request().replaces();
      if (replaces != null && replaces.leaseId() != null) {
        replaced.add(new SettleService.Settling(a.caller().requireTeamId(), a.clientId(), replaces.leaseId(),
            replaces.used()));
      }
    }
    if (!replaced.isEmpty()) {
      Transactions.inTransaction(jdbi, h -> SettleService.settle(h, replaced, settledAt));
    }
    return cuttingSlices((h, cut) -> leaseGroup(h, group, cut));
  }

  /**
   * Runs {@code leasing} in a transaction (again after a deadlock, as {@link Transactions} does);
   * the slices of instance leases it cut go back to them when the attempt fails.
   */
  private <T> T cuttingSlices(BiFunction<Handle, List<InstanceLeases.Slice>, T> leasing) {
    return Transactions.inTransaction(jdbi, h -> {
      List<InstanceLeases.Slice> cut = new ArrayList<>();
      try {
        return leasing.apply(h, cut);
      } catch (RuntimeException e) {
        if (!cut.isEmpty()) {
          instanceLeases.giveBack(cut);
        }
        throw e;
      }
    });
  }

  /** What a request of a group gets: a lease, a refusal, or neither (then it is leased alone). */
  record GroupAnswer(Lease lease, RuntimeException refusal) {

    static final GroupAnswer ALONE = new GroupAnswer(null, null);
  }

  /** A request of a group that may be granted from instance leases. */
  private record Pooled(int index, Asked asked, AdmissionSql.Context context, List<Quota> quotas,
      PriceBook.TokenRates rates, int firstView) {}

  private List<GroupAnswer> leaseGroup(Handle h, List<Asked> group, List<InstanceLeases.Slice> cut) {
    Instant now = clock.instant();
    GroupAnswer[] answers = new GroupAnswer[group.size()];
    Arrays.fill(answers, GroupAnswer.ALONE);
    List<AdmissionSql.Context> contexts = AdmissionSql.contexts(h, group.stream()
        .map(a -> new AdmissionSql.Asking(a.clientId(), endpointKey(a.request()), modelKey(a.request()))).toList(), now);
    List<Pooled> pooled = new ArrayList<>();
    List<CounterSql.Viewing> viewings = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      Asked a = group.get(i);
      UUID teamId = a.caller().requireTeamId();
      try {
        AdmissionSql.Context context = contexts.get(i);
        TeamPlan plan = admit(h, teamId, context, a.source(), now);
        List<Quota> quotas = plan.quotasAt(now);
        if (quotas.isEmpty() || !quotas.stream().allMatch(q -> instanceLeases.busy(q, teamId))) {
          continue;
        }
        pooled.add(new Pooled(i, a, context, quotas, tokenRates(h, plan, a.request().model(), a.source(), now,
            context.priceBookVersion()), viewings.size()));
        quotas.forEach(q -> viewings.add(new CounterSql.Viewing(a.clientId(), q.id(), q.period().start(now))));
      } catch (ProblemException refused) {
        answers[i] = new GroupAnswer(null, refused);
      }
    }
    List<CounterSql.ClientView> views = CounterSql.clientViews(h, viewings, now, now.minus(ttl));
    List<UUID> settle = new ArrayList<>();
    List<LeaseSql.NewLease> rows = new ArrayList<>();
    for (Pooled p : pooled) {
      UUID leaseId = UUID.randomUUID();
      Instant expiresAt = now.plus(ttl);
      // One lease per client and (endpoint, model): the open one is settled, as are the oldest when over the share.
      Set<UUID> settling = new HashSet<>(p.context().openLeases());
      List<InstanceLeases.Slice> slices = new ArrayList<>();
      List<LeaseSql.NewGrant> grantRows = new ArrayList<>();
      List<Map<String, Object>> grants = new ArrayList<>();
      for (int q = 0; q < p.quotas().size(); q++) {
        Quota quota = p.quotas().get(q);
        Instant start = quota.period().start(now);
        BigDecimal estimate = estimateOf(p.asked().request(), quota.unit(), p.rates());
        BigDecimal needed = needed(quota, estimate);
        CounterSql.ClientView clientView = views.get(p.firstView() + q);
        List<CounterSql.Held> held = clientView.held().stream()
            .filter(lease -> !settling.contains(lease.leaseId())).toList();
        Room room = clientRoom(held, quota, needed);
        settling.addAll(room.settle());
        BigDecimal wanted = byDemand(quota, estimate, room.room(), clientView.recentUse());
        Optional<InstanceLeases.Slice> slice = instanceLeases.take(quota, start, expiresAt, needed, wanted);
        if (slice.isEmpty()) {
          break;
        }
        slices.add(slice.get());
        grantRows.add(new LeaseSql.NewGrant(quota.id(), start, slice.get().amount(), slice.get().instanceLeaseId()));
        grants.add(grantJson(quota, slice.get().amount()));
      }
      if (grants.size() < p.quotas().size()) {
        // An instance lease ran short: this request refills it, alone.
        instanceLeases.giveBack(slices);
        continue;
      }
      cut.addAll(slices);
      settle.addAll(settling);
      rows.add(new LeaseSql.NewLease(leaseId, p.asked().caller().requireTeamId(), p.asked().clientId(), now,
          expiresAt, endpointKey(p.asked().request()), modelKey(p.asked().request()), grantRows));
      answers[p.index()] = new GroupAnswer(new Lease(leaseId, expiresAt, grants, List.of(), p.rates()), null);
    }
    CounterSql.settleLeases(h, settle, now);
    if (!rows.isEmpty()) {
      instanceLeases.learnSpills(cut, LeaseSql.insert(h, rows));
    }
    return List.of(answers);
  }

  /** The team's plan if the client and team may lease now and the source is in the product; else the refusal. */
  private TeamPlan admit(Handle h, UUID teamId, AdmissionSql.Context context, String source, Instant now) {
    Admission.requireClientEnabled(context.clientStatus());
    TeamPlan plan = plans.plan(h, teamId, context.catalogVersion());
    Admission.requireAllowed(plan, now);
    if (source != null && plan.subscriptionFor(source, now).isEmpty()) {
      throw ProblemException.forbidden("Source '" + source + "' is not included in the team's product");
    }
    return plan;
  }

  /** {@link #states}, possibly as read up to {@link QuotaStates#CACHE_FOR} ago (GET /v1/quota). */
  public List<QuotaState> cachedStates(UUID teamId) {
    return QuotaStates.cached(teamId, clock.instant(), () -> states(teamId));
  }

  /** The team's quotas in force now, with what is used and reserved of each. */
  public List<QuotaState> states(UUID teamId) {
    Instant now = clock.instant();
    return jdbi.withHandle(h -> QuotaStates.read(h, plans.plan(h, teamId).quotasAt(now), now));
  }

  private Lease lease(Handle h, Caller caller, LeaseRequest r, String source, Set<UUID> direct,
      List<InstanceLeases.Slice> cut) {
    Instant now = clock.instant();
    UUID teamId = caller.requireTeamId();
    UUID clientId = caller.requireClientId();
    String endpoint = endpointKey(r);
    String model = modelKey(r);
    AdmissionSql.Context context = AdmissionSql.context(h, clientId, endpoint, model, now);
    TeamPlan plan = admit(h, teamId, context, source, now);
    List<Quota> quotas = plan.quotasAt(now);
    // One lease per client and (endpoint, model): asking again settles the previous one.
    CounterSql.settleLeases(h, context.openLeases(), now);
    UUID leaseId = UUID.randomUUID();
    Instant expiresAt = now.plus(ttl);
    // A busy hard quota's grants are cut from this instance's lease on it (refills release expired leases).
    Set<UUID> pooled = new HashSet<>();
    for (Quota quota : quotas) {
      if (instanceLeases != null && !direct.contains(quota.id()) && instanceLeases.busy(quota, teamId)) {
        pooled.add(quota.id());
      }
    }
    CounterSql.releaseExpired(h, quotas.stream().map(Quota::id).filter(id -> !pooled.contains(id)).toList(), now);
    List<Map<String, Object>> grants = new ArrayList<>();
    List<LeaseSql.NewGrant> rows = new ArrayList<>();
    List<Map<String, Object>> warnings = new ArrayList<>();
    PriceBook.TokenRates rates = tokenRates(h, plan, r.model(), source, now, context.priceBookVersion());
    for (Quota quota : quotas) {
      Instant start = quota.period().start(now);
      BigDecimal estimate = estimateOf(r, quota.unit(), rates);
      CounterSql.ClientView view = CounterSql.clientView(h, clientId, quota.id(), start, now, now.minus(ttl));
      Room room = clientRoom(view.held(), quota, needed(quota, estimate));
      CounterSql.settleLeases(h, room.settle(), now);
      BigDecimal granted;
      UUID instanceLeaseId = null;
      if (pooled.contains(quota.id())) {
        BigDecimal needed = needed(quota, estimate);
        BigDecimal wanted = byDemand(quota, estimate, room.room(), view.recentUse());
        InstanceLeases.Slice slice = instanceLeases.take(quota, start, expiresAt, needed, wanted)
            .orElseThrow(() -> new NeedRefill(quota, start, needed));
        cut.add(slice);
        granted = slice.amount();
        instanceLeaseId = slice.instanceLeaseId();
      } else {
        CounterSql.ensure(h, quota.id(), start);
        granted = quota.hard() ? reserveHard(h, quota, start, estimate, room.room())
            : reserveSoft(h, quota, start, estimate, room.room(), warnings);
      }
      rows.add(new LeaseSql.NewGrant(quota.id(), start, granted, instanceLeaseId));
      grants.add(grantJson(quota, granted));
    }
    Map<UUID, BigDecimal> spilled = LeaseSql.insert(h,
        List.of(new LeaseSql.NewLease(leaseId, teamId, clientId, now, expiresAt, endpoint, model, rows)));
    if (!cut.isEmpty()) {
      instanceLeases.learnSpills(cut, spilled);
    }
    return new Lease(leaseId, expiresAt, grants, warnings, rates);
  }

  /** A grant as the API returns it. */
  private static Map<String, Object> grantJson(Quota quota, BigDecimal granted) {
    Map<String, Object> grant = new LinkedHashMap<>();
    grant.put("quota_id", quota.id());
    grant.put("unit", quota.unit().wireName());
    grant.put("amount", quota.unit().json(granted));
    grant.put("enforcement", quota.hard() ? "hard" : "soft");
    return grant;
  }

  /**
   * The caller's estimate in the quota's unit. A cost quota with no cost estimate but a token
   * estimate is asked for what those tokens may cost: {@code prompt_tokens} of them at the
   * prompt bound and the rest at the completion bound, or all at the higher bound when the
   * caller does not say how many are prompt. So a hard cost quota refuses (and grants) by what
   * the call may cost, as the SDK counts a cost grant.
   */
  private static BigDecimal estimateOf(LeaseRequest r, Unit unit, PriceBook.TokenRates rates) {
    if (r.estimate() == null) {
      return null;
    }
    BigDecimal estimate = r.estimate().of(unit);
    if (estimate == null && unit == Unit.COST && rates != null) {
      BigDecimal tokens = r.estimate().of(Unit.TOKENS);
      if (tokens != null) {
        BigDecimal prompt = r.estimate().promptTokens() == null ? BigDecimal.ZERO
            : r.estimate().promptTokens().min(tokens).max(BigDecimal.ZERO);
        BigDecimal cost = prompt.signum() == 0 ? tokens.multiply(rates.max())
            : prompt.multiply(rates.prompt()).add(tokens.subtract(prompt).multiply(rates.completion()));
        return cost.setScale(COST_SCALE, java.math.RoundingMode.UP).stripTrailingZeros();
      }
    }
    return estimate;
  }

  private PriceBook.TokenRates tokenRates(Handle h, TeamPlan plan, String model, String source, Instant now,
      PricingDao.Version priceBookVersion) {
    if (model == null) {
      return null;
    }
    BigDecimal markup = (source == null ? plan.activeAt(now).stream().findFirst() : plan.subscriptionFor(source, now))
        .map(Subscription::markupPercent).orElse(BigDecimal.ZERO);
    return prices.current(h, priceBookVersion).maxTokenRates(model, now)
        .map(rates -> new PriceBook.TokenRates(withMarkup(rates.prompt(), markup), withMarkup(rates.completion(), markup)))
        .orElse(null);
  }

  private static BigDecimal withMarkup(BigDecimal rate, BigDecimal markupPercent) {
    return rate.add(rate.multiply(markupPercent).movePointLeft(2)).stripTrailingZeros();
  }

  /** How much more a client may hold of a quota's period, once its leases {@code settle} are settled. */
  private record Room(BigDecimal room, List<UUID> settle) {}

  /**
   * How much more this client may hold of the quota's period: its share of the limit less
   * what its other open leases hold ({@code held}, oldest first). When that cannot cover {@code needed}, its oldest open
   * leases on the quota are to be settled first (a client that asks in a loop gives back its own
   * reservations, never anyone else's).
   */
  private Room clientRoom(List<CounterSql.Held> held, Quota quota, BigDecimal needed) {
    BigDecimal cap = quota.limit().multiply(clientShare);
    BigDecimal holding = held.stream().map(CounterSql.Held::unused).reduce(BigDecimal.ZERO, BigDecimal::add);
    List<UUID> settle = new ArrayList<>();
    for (CounterSql.Held oldest : held) {
      if (holding.add(needed).compareTo(cap) <= 0) {
        break;
      }
      settle.add(oldest.leaseId());
      holding = holding.subtract(oldest.unused());
    }
    return new Room(cap.subtract(holding).max(BigDecimal.ZERO), settle);
  }

  /**
   * A grant cut from an instance lease, sized by demand (the spec's rule): twice what the client
   * used of the quota under its leases of the last lease lifetime, at most {@code limit x
   * maxFractionOfLimit} and the client's room, at least the estimate and one whole unit; the
   * instance lease's free part bounds it further.
   */
  private BigDecimal byDemand(Quota quota, BigDecimal estimate, BigDecimal room, BigDecimal recentUse) {
    BigDecimal wanted = quota.unit().floor(recentUse.multiply(BigDecimal.valueOf(2))
        .min(quota.limit().multiply(fractionOfLimit)).min(room));
    if (quota.unit() == Unit.COST) {
      wanted = wanted.setScale(COST_SCALE, RoundingMode.FLOOR).stripTrailingZeros();
    }
    return wanted.max(needed(quota, estimate));
  }

  private static BigDecimal needed(Quota quota, BigDecimal estimate) {
    return estimate != null && estimate.signum() > 0 ? estimate : smallest(quota.unit());
  }

  private BigDecimal reserveHard(Handle h, Quota quota, Instant start, BigDecimal estimate, BigDecimal room) {
    BigDecimal needed = needed(quota, estimate);
    for (int attempt = 0; attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
      // The last attempt locks the row first, so a lease is never refused only for losing races.
      boolean lock = attempt == OPTIMISTIC_ATTEMPTS;
      CounterSql.Counter counter = CounterSql.read(h, quota.id(), start, lock);
      BigDecimal remaining = quota.limit().subtract(counter.used()).subtract(counter.reserved());
      if (remaining.compareTo(needed) < 0) {
        throw refusal(quota, start, counter, estimate);
      }
      BigDecimal grant = size(quota, remaining, estimate, room);
      if (CounterSql.reserveIfRoom(h, quota.id(), start, grant, quota.limit(), fractionOfRemaining, needed)
          .isPresent()) {
        return grant;
      }
      // Another lease or event changed the counter between the read and the update: size again.
    }
    throw new IllegalStateException("a locked counter refused a grant sized from its own values");
  }

  private BigDecimal reserveSoft(Handle h, Quota quota, Instant start, BigDecimal estimate, BigDecimal room,
      List<Map<String, Object>> warnings) {
    CounterSql.Counter counter = CounterSql.read(h, quota.id(), start);
    BigDecimal remaining = quota.limit().subtract(counter.used()).subtract(counter.reserved());
    BigDecimal needed = needed(quota, estimate);
    BigDecimal grant;
    if (remaining.compareTo(needed) < 0) {
      QuotaState state = state(quota, start, counter);
      Map<String, Object> warning = new LinkedHashMap<>(state.refusalJson());
      warning.put("detail", describe(quota) + " is used up (soft limit: calls go on)");
      warnings.add(warning);
      // A soft quota never stops calls: grant a slice of the limit so the SDK keeps admitting.
      grant = quota.unit().floor(quota.limit().multiply(fractionOfLimit)).max(needed);
    } else {
      grant = size(quota, remaining, estimate, room);
    }
    CounterSql.reserve(h, quota.id(), start, grant);
    return grant;
  }

  /** min(limit x f1, remaining x f2, the client's room, remaining), at least the estimate and one whole unit. */
  BigDecimal size(Quota quota, BigDecimal remaining, BigDecimal estimate, BigDecimal clientRoom) {
    BigDecimal cap = quota.limit().multiply(fractionOfLimit).min(remaining.multiply(fractionOfRemaining))
        .min(clientRoom);
    BigDecimal grant = quota.unit().floor(cap);
    if (quota.unit() == Unit.COST) {
      grant = grant.setScale(COST_SCALE, RoundingMode.FLOOR).stripTrailingZeros();
    }
    if (estimate != null && grant.compareTo(estimate) < 0) {
      grant = estimate;
    }
    BigDecimal smallest = smallest(quota.unit());
    if (grant.compareTo(smallest) < 0) {
      grant = smallest;
    }
    BigDecimal wholeRemaining = quota.unit().floor(remaining);
    return grant.min(wholeRemaining.signum() > 0 ? wholeRemaining : remaining);
  }

  private static BigDecimal smallest(Unit unit) {
    return unit == Unit.COST ? SMALLEST_COST : BigDecimal.ONE;
  }

  private static QuotaState state(Quota quota, Instant start, CounterSql.Counter c) {
    return new QuotaState(quota, start, quota.period().end(start), c.used(), c.reserved());
  }

  private static QuotaRefusal refusal(Quota quota, Instant start, CounterSql.Counter c, BigDecimal estimate) {
    QuotaState state = state(quota, start, c);
    String detail = estimate == null || state.remaining().signum() == 0
        ? describe(quota) + " is used up"
        : describe(quota) + " cannot cover the estimate of " + estimate.toPlainString();
    return new QuotaRefusal(quota.id(), start, detail, state.refusalJson());
  }

  static String describe(Quota quota) {
    String period = switch (quota.period()) {
      case DAY -> "Daily";
      case WEEK -> "Weekly";
      case MONTH -> "Monthly";
      case TOTAL -> "Total";
    };
    String limit = quota.limit().toPlainString() + (quota.unit() == Unit.COST ? " USD" : " " + quota.unit().wireName());
    return period + " " + quota.unit().wireName() + " quota of " + limit;
  }

  private String sourceOf(LeaseRequest r) {
    if (r.source() != null && !r.source().isBlank()) {
      return sources.known(r.source())
          .orElseThrow(() -> ProblemException.invalid("source", "is not a known source"));
    }
    if (r.endpoint() != null && !r.endpoint().isBlank()) {
      return sources.classify(r.endpoint());
    }
    return null;
  }

  private static String modelKey(LeaseRequest r) {
    return r.model() == null ? "" : r.model();
  }

  /** The (endpoint, model) key of a lease: the endpoint path, else the source, else chat completions (the spec's default). */
  private static String endpointKey(LeaseRequest r) {
    if (r.endpoint() != null && !r.endpoint().isBlank()) {
      return r.endpoint();
    }
    return r.source() != null && !r.source().isBlank() ? "source:" + r.source() : DEFAULT_ENDPOINT;
  }

  private static void validate(LeaseRequest r) {
    checkText("model", r.model());
    checkText("endpoint", r.endpoint());
    checkText("source", r.source());
    if (r.estimate() != null) {
      r.estimate().requireNotNegative("estimate");
    }
    if (r.replaces() != null && r.replaces().used() != null) {
      r.replaces().used().requireNotNegative("replaces.used");
    }
  }

  private static void checkText(String field, String value) {
    if (value == null) {
      return;
    }
    if (value.length() > MAX_TEXT) {
      throw ProblemException.invalid(field, "must be at most " + MAX_TEXT + " characters");
    }
    TextRules.notOneLine(value).ifPresent(rule -> {
      throw ProblemException.invalid(field, rule);
    });
  }
}
