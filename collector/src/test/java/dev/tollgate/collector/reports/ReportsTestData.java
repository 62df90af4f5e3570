package dev.tollgate.collector.reports;

import dev.tollgate.collector.config.TollgateConfiguration;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * Test data for reports, written the way ingest writes it: teams, clients and products, and
 * per event one usage_events row, its charge_lines and its share of usage_daily (upserted),
 * all in one transaction. Each event keeps its exact figures so that tests compute expected
 * report values in Java from their own list. {@link #record} is the one place that writes
 * events: to go through HTTP ingest instead, post them to {@code POST /v1/usage/events} with a
 * client token there (the costs would then come from the price book).
 */
final class ReportsTestData {

  static final UUID NO_PRODUCT = new UUID(0, 0);

  record Team(UUID id, String name) {}

  record Client(UUID id, Team team, String publicId, String name) {}

  record Product(UUID id, String name, BigDecimal markupPercent) {}

  record Charge(String element, long quantity, BigDecimal unitPrice, BigDecimal per) {
    BigDecimal amount() {
      return BigDecimal.valueOf(quantity).multiply(unitPrice).divide(per);
    }
  }

  /** One event with its exact charges; totals are derived like rating does. */
  record Event(UUID id, Instant ts, Client client, String source, String requestModel, String model, int statusCode,
      int latencyMs, Integer ttftMs, String endUser, Map<String, String> tags, long promptTokens,
      long cachedPromptTokens, long completionTokens, long reasoningTokens, Product product, List<Charge> charges,
      boolean estimated, String currency) {

    Event {
      Objects.requireNonNull(client, "client");
      tags = Map.copyOf(tags);
      charges = List.copyOf(charges);
    }

    /** A trace id shared by about one event in sixteen: {@code trace-} and the id's first hex digit. */
    String traceId() {
      return "trace-" + id.toString().charAt(0);
    }

    String ratedModel() {
      return model != null ? model : requestModel;
    }

    boolean isError() {
      return statusCode >= 400;
    }

    BigDecimal subtotal() {
      return charges.stream().map(Charge::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal markupPercent() {
      return product == null ? BigDecimal.ZERO : product.markupPercent();
    }

    BigDecimal markup() {
      return subtotal().multiply(markupPercent()).divide(BigDecimal.valueOf(100));
    }

    BigDecimal totalCost() {
      return subtotal().add(markup());
    }

    boolean unpriced() {
      return charges.isEmpty() && ratedModel() != null && ratedModel().startsWith("unpriced");
    }

    LocalDate day() {
      return LocalDate.ofInstant(ts, ZoneOffset.UTC);
    }
  }

  private final Jdbi jdbi;
  private int sequence;

  ReportsTestData(TollgateConfiguration config) {
    this.jdbi = Jdbi.create(config.getDatabase().getUrl(), config.getDatabase().getUser(),
        config.getDatabase().getPassword());
    jdbi.installPlugin(new PostgresPlugin());
  }

  Team team(String name) {
    Team team = new Team(UUID.randomUUID(), name);
    jdbi.useHandle(h -> h.execute("INSERT INTO teams (id, name, status, created_at, updated_at) "
        + "VALUES (?, ?, 'active', now(), now())", team.id(), team.name()));
    return team;
  }

  Client client(Team team, String name) {
    Client client = new Client(UUID.randomUUID(), team, "tg_" + name + "_" + (++sequence), name);
    jdbi.useHandle(h -> h.execute("INSERT INTO clients (id, team_id, name, client_id, secret_hash, status, "
        + "created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'active', now(), now())",
        client.id(), team.id(), client.name(), client.publicId()));
    return client;
  }

  /** Records a model as seen in traffic, as ingest does (the catalogue the console's unpriced list reads). */
  void modelSeen(String model, Instant at) {
    jdbi.useHandle(h -> h.execute("INSERT INTO models_seen (model, first_seen_at, last_seen_at) VALUES (?, ?, ?) "
        + "ON CONFLICT (model) DO NOTHING", model, at, at));
  }

  Product product(String name, String markupPercent) {
    Product product = new Product(UUID.randomUUID(), name, new BigDecimal(markupPercent));
    jdbi.useHandle(h -> h.execute("INSERT INTO products (id, name, markup_percent, created_at, updated_at) "
        + "VALUES (?, ?, ?, now(), now())", product.id(), product.name(), product.markupPercent()));
    return product;
  }

  /**
   * Stores events as ingest would: the event, its charge lines, the daily rollup and the latency
   * histograms, in one transaction.
   */
  void record(List<Event> events) {
    jdbi.useTransaction(h -> {
      for (Event e : events) {
        h.createUpdate("INSERT INTO usage_events (id, ts, received_at, team_id, client_id, endpoint, method, source, "
                + "request_model, model, rated_model, status_code, latency_ms, ttft_ms, streamed, end_user, tags, trace_id, "
                + "estimated, prompt_tokens, cached_prompt_tokens, completion_tokens, reasoning_tokens, product_id, "
                + "subtotal, markup_percent, markup, total_cost, currency, unpriced, price_effective_from, rated_at, "
                + "billing_month) "
                + "VALUES (:id, :ts, :ts, :team, :client, '/v1/chat/completions', 'POST', :source, :requestModel, "
                + ":model, :ratedModel, :status, :latency, :ttft, :streamed, :endUser, CAST(:tags AS jsonb), :traceId, "
                + ":estimated, :prompt, :cached, :completion, :reasoning, :product, :subtotal, :markupPercent, "
                + ":markup, :total, :currency, :unpriced, :effective, :ts, :billingMonth)")
            .bind("billingMonth", e.day().withDayOfMonth(1))
            .bind("id", e.id())
            .bind("ts", e.ts().atOffset(ZoneOffset.UTC))
            .bind("team", e.client().team().id())
            .bind("client", e.client().id())
            .bind("source", e.source())
            .bind("requestModel", e.requestModel())
            .bind("model", e.model())
            .bind("ratedModel", e.ratedModel())
            .bind("status", e.statusCode())
            .bind("latency", e.latencyMs())
            .bind("ttft", e.ttftMs())
            .bind("streamed", e.ttftMs() != null)
            .bind("endUser", e.endUser())
            .bind("tags", json(e.tags()))
            .bind("traceId", e.traceId())
            .bind("estimated", e.estimated())
            .bind("prompt", e.promptTokens())
            .bind("cached", e.cachedPromptTokens())
            .bind("completion", e.completionTokens())
            .bind("reasoning", e.reasoningTokens())
            .bind("product", e.product() == null ? null : e.product().id())
            .bind("subtotal", e.subtotal())
            .bind("markupPercent", e.markupPercent())
            .bind("markup", e.markup())
            .bind("total", e.totalCost())
            .bind("currency", e.currency())
            .bind("unpriced", e.unpriced())
            .bind("effective", e.charges().isEmpty() ? null : Instant.parse("2026-01-01T00:00:00Z").atOffset(ZoneOffset.UTC))
            .execute();
        for (Charge c : e.charges()) {
          h.execute("INSERT INTO charge_lines (event_id, event_ts, element, quantity, unit_price, per, amount) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?)", e.id(), e.ts().atOffset(ZoneOffset.UTC), c.element(), c.quantity(),
              c.unitPrice(), c.per(), c.amount());
        }
        h.createUpdate("INSERT INTO usage_daily (day, team_id, client_id, product_id, model, source, is_error, "
                + "currency, billing_month, requests, prompt_tokens, cached_prompt_tokens, completion_tokens, "
                + "reasoning_tokens, cost) "
                + "VALUES (:day, :team, :client, :product, :model, :source, :error, :currency, :billingMonth, 1, "
                + ":prompt, :cached, :completion, :reasoning, :cost) "
                + "ON CONFLICT (day, team_id, client_id, product_id, model, source, is_error, currency, billing_month) "
                + "DO UPDATE SET "
                + "requests = usage_daily.requests + 1, "
                + "prompt_tokens = usage_daily.prompt_tokens + excluded.prompt_tokens, "
                + "cached_prompt_tokens = usage_daily.cached_prompt_tokens + excluded.cached_prompt_tokens, "
                + "completion_tokens = usage_daily.completion_tokens + excluded.completion_tokens, "
                + "reasoning_tokens = usage_daily.reasoning_tokens + excluded.reasoning_tokens, "
                + "cost = usage_daily.cost + excluded.cost")
            .bind("day", e.day())
            .bind("billingMonth", e.day().withDayOfMonth(1))
            .bind("team", e.client().team().id())
            .bind("client", e.client().id())
            .bind("product", e.product() == null ? NO_PRODUCT : e.product().id())
            .bind("model", e.ratedModel() == null ? "" : e.ratedModel())
            .bind("source", e.source())
            .bind("error", e.isError())
            .bind("currency", e.currency())
            .bind("prompt", e.promptTokens())
            .bind("cached", e.cachedPromptTokens())
            .bind("completion", e.completionTokens())
            .bind("reasoning", e.reasoningTokens())
            .bind("cost", e.totalCost())
            .execute();
      }
      // The daily latency histograms, rebuilt from the events as migration V16 does.
      h.execute("DELETE FROM latency_daily");
      h.execute("SELECT tollgate_latency_daily_backfill()");
    });
  }

  private static String json(Map<String, String> tags) {
    Map<String, String> sorted = new LinkedHashMap<>(tags);
    List<String> members = new ArrayList<>();
    sorted.forEach((k, v) -> members.add("\"" + k + "\":\"" + v + "\""));
    return "{" + String.join(",", members) + "}";
  }
}
