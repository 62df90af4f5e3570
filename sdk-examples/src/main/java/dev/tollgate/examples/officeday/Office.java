package dev.tollgate.examples.officeday;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's organisation: three teams with their own clients, models and quotas, created
 * through the collector's admin API. Marketing's hard monthly cost quota is small enough
 * that its traffic runs into it mid-way: its campaign writer sends gpt-4o a 16,000-token brand
 * guide and past campaigns with every request ({@link Documents}), about two and a half cents a call. The teams reach OpenAI through an {@code openai_admin}
 * provider key (the simulated upstream's admin API), so the collector mints each team a key of
 * its own and the applications never hold the organisation's.
 */
final class Office {

  /** What one application does all day. */
  enum Workload { CHAT, STREAMING_CHAT, REASONING, EMBEDDINGS, RESPONSES }

  /** One application: its team, its credentials, what it calls and how often. */
  record App(String team, String name, String clientId, String clientSecret, String model, Workload workload, int calls) {}

  /** What {@link #setUp} made: the applications, and the provider key that mints the teams' keys. */
  record Setup(List<App> apps, String providerKeyId) {}

  /** A team and the quotas its subscription carries. */
  record TeamPlan(String name, String description, List<Map<String, Object>> quotas, List<AppPlan> apps) {}

  record AppPlan(String name, String model, Workload workload, int calls) {}

  static final List<TeamPlan> PLAN = List.of(
      new TeamPlan("Marketing", "Campaign copy and social posts",
          List.of(quota("cost", "month", "2.00", "hard")),
          List.of(new AppPlan("campaign-writer", "gpt-4o", Workload.CHAT, 90),
              new AppPlan("social-bot", "gpt-4o-mini", Workload.STREAMING_CHAT, 90))),
      new TeamPlan("Research & Development", "Assistants, reasoning and search",
          List.of(quota("cost", "month", "50.00", "hard"), quota("tokens", "day", "5000000", "soft")),
          List.of(new AppPlan("research-assistant", "gpt-4o", Workload.RESPONSES, 40),
              new AppPlan("reasoning-lab", "o3-mini", Workload.REASONING, 30),
              new AppPlan("doc-indexer", "text-embedding-3-small", Workload.EMBEDDINGS, 60))),
      new TeamPlan("Support", "Helpdesk answers",
          List.of(quota("cost", "month", "20.00", "soft")),
          List.of(new AppPlan("helpdesk-bot", "gpt-4o-mini", Workload.STREAMING_CHAT, 70))));

  private Office() {}

  private static Map<String, Object> scaled(Map<String, Object> quota, TeamPlan plan, BigDecimal scale) {
    if (!plan.name().equals("Marketing")) {
      return quota;
    }
    Map<String, Object> q = new LinkedHashMap<>(quota);
    q.put("limit", new BigDecimal((String) quota.get("limit")).multiply(scale)
        .setScale(6, RoundingMode.HALF_UP).toPlainString());
    return q;
  }

  private static Map<String, Object> quota(String unit, String period, String limit, String enforcement) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("unit", unit);
    q.put("period", period);
    q.put("limit", limit);
    q.put("enforcement", enforcement);
    return q;
  }

  /**
   * Creates the minting provider key, the product, teams, clients and subscriptions; returns
   * the applications, each with its calls multiplied by {@code scale} (Marketing's hard quota
   * too, so that it still runs out mid-way).
   */
  static Setup setUp(AdminClient admin, String collectorUrl, BigDecimal scale) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("provider", "openai_admin");
    key.put("name", "Office OpenAI project (a key minted per team)");
    key.put("base_url", collectorUrl + "/mock/v1");
    key.put("api_key", "sk-admin-office-day-demo");
    key.put("project_id", "proj_office_day");
    String providerKeyId = admin.post("/v1/admin/provider-keys", key).path("id").asText();

    List<String> sourceIds = new ArrayList<>();
    admin.get("/v1/admin/sources", Map.of()).path("items").forEach(s -> sourceIds.add(s.path("id").asText()));
    Map<String, Object> product = new LinkedHashMap<>();
    product.put("name", "Office AI Gateway");
    product.put("source_ids", sourceIds);
    product.put("markup_percent", "10");
    String productId = admin.post("/v1/admin/products", product).path("id").asText();

    List<App> apps = new ArrayList<>();
    for (TeamPlan plan : PLAN) {
      String teamId = admin.post("/v1/admin/teams", Map.of("name", plan.name(), "description", plan.description(),
          "provider_key_id", providerKeyId)).path("id").asText();
      Map<String, Object> subscription = new LinkedHashMap<>();
      subscription.put("team_id", teamId);
      subscription.put("product_id", productId);
      subscription.put("starts_at", Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).toString());
      subscription.put("quotas", plan.quotas().stream().map(q -> scaled(q, plan, scale)).toList());
      admin.post("/v1/admin/subscriptions", subscription);
      for (AppPlan app : plan.apps()) {
        JsonNode client = admin.post("/v1/admin/teams/" + teamId + "/clients", Map.of("name", app.name()));
        apps.add(new App(plan.name(), app.name(), client.path("client_id").asText(),
            client.path("client_secret").asText(), app.model(), app.workload(),
            Math.max(1, BigDecimal.valueOf(app.calls()).multiply(scale).setScale(0, java.math.RoundingMode.HALF_UP).intValue())));
      }
    }
    return new Setup(apps, providerKeyId);
  }
}
