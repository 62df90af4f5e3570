package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.admin.AdminFeature;
import dev.tollgate.collector.admin.products.CreateProduct;
import dev.tollgate.collector.admin.subscriptions.CreateSubscription;
import dev.tollgate.collector.admin.subscriptions.SubscriptionPatch;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.pricing.Element;
import dev.tollgate.collector.pricing.PriceRequest;
import dev.tollgate.collector.pricing.PriceService;
import dev.tollgate.collector.pricing.PricesResource;
import dev.tollgate.collector.sources.SourceService;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The admin pages for products, subscriptions and their quotas, and the price book. As on the
 * other admin pages, each write is the REST API's request read from the form and handed to the
 * API's service (quotas through {@code SubscriptionService}'s public methods and the JSON of the
 * subscriptions it returns, the price book through {@code PriceService} and {@code PricesResource}).
 */
final class CatalogPages {

  private static final List<String> QUOTA_UNITS = List.of("cost", "tokens", "requests");
  private static final List<String> PERIODS = List.of("day", "week", "month", "total");

  private final AdminFeature.Services admin;
  private final SourceService sources;
  private final PriceService priceService;
  private final PricesResource prices;
  private final FormReader forms;
  private final ConsoleSessions sessions;

  CatalogPages(AdminFeature.Services admin, SourceService sources, PriceService priceService,
      PricesResource prices, FormReader forms, ConsoleSessions sessions) {
    this.admin = admin;
    this.sources = sources;
    this.priceService = priceService;
    this.prices = prices;
    this.forms = forms;
    this.sessions = sessions;
  }

  // Products

  String products(ConsoleSession session, String message, String cursor) {
    JsonNode page = forms.tree(admin.products().list("200", cursor));
    Map<String, String> sourceNames = sourceNames();
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode product : page.path("items")) {
      var row = product.deepCopy();
      List<String> names = new ArrayList<>();
      product.path("source_ids").forEach(id -> names.add(sourceNames.getOrDefault(id.asText(), id.asText())));
      ((com.fasterxml.jackson.databind.node.ObjectNode) row).put("sources", String.join(", ", names));
      rows.add(row);
    }
    StringBuilder checks = new StringBuilder("<fieldset><legend>Sources</legend>");
    sourceNames.forEach((id, name) -> checks.append("<label><input type=\"checkbox\" name=\"source_ids\" value=\"")
        .append(Html.esc(id)).append("\" id=\"source-").append(Html.esc(name)).append("\">").append(Html.esc(name))
        .append("</label>"));
    String body = "<h2>New product</h2><form method=\"post\" action=\"/console/admin/products\" class=\"filters\" "
        + "id=\"new-product\">" + Html.csrfField(session) + Forms.input("Name", "name", "text", "")
        + Forms.input("Markup %", "markup_percent", "text", "0") + checks + "</fieldset>"
        + "<button type=\"submit\" id=\"create-product\">Create product</button></form>"
        + "<h2>Products</h2>" + Html.table("products", List.of("name", "sources", "markup_percent",
            "created_at"), rows, null, "No products yet: a product names the sources a subscription covers.")
        + AdminPages.more("/console/admin/products", page);
    return AdminPages.page("Products", session, "/console/admin/products", message, body);
  }

  String createProduct(ConsoleSession session, MultivaluedMap<String, String> form) {
    Map<String, Object> body = FormReader.body(form, "name", "markup_percent");
    body.put("source_ids", FormReader.all(form, "source_ids"));
    JsonNode product = forms.tree(admin.products().create(session.actor(), forms.read(body, CreateProduct.class)));
    return AdminPages.notice("Created product " + Html.text(product.get("name")) + ".");
  }

  private Map<String, String> sourceNames() {
    Map<String, String> out = new LinkedHashMap<>();
    forms.tree(sources.list("1000", null)).path("items").forEach(s -> out.put(Html.text(s.get("id")),
        Html.text(s.get("name"))));
    return out;
  }

  // Subscriptions and quotas

  String subscriptions(ConsoleSession session, String teamId, String message, String cursor) {
    UUID team = teamId == null || teamId.isBlank() ? null : uuid(teamId, "team_id");
    JsonNode page = forms.tree(admin.subscriptions().list(team, "200", cursor));
    Map<String, String> teams = teamNames();
    Map<String, String> products = productNames();
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode subscription : page.path("items")) {
      var row = (com.fasterxml.jackson.databind.node.ObjectNode) subscription.deepCopy();
      row.put("team", teams.getOrDefault(Html.text(subscription.get("team_id")), ""));
      row.put("product", products.getOrDefault(Html.text(subscription.get("product_id")), ""));
      List<String> quotas = new ArrayList<>();
      subscription.path("quotas").forEach(q -> quotas.add(quotaText(q)));
      row.put("quotas", String.join("; ", quotas));
      rows.add(row);
    }
    String body = "<h2>New subscription</h2><form method=\"post\" action=\"/console/admin/subscriptions\" "
        + "class=\"filters\" id=\"new-subscription\">" + Html.csrfField(session)
        + select("Team", "team_id", teams, team == null ? "" : team.toString())
        + select("Product", "product_id", products, "") + quotaFields()
        + "<button type=\"submit\" id=\"create-subscription\">Subscribe</button></form>"
        + "<h2>Subscriptions</h2>" + Html.table("subscriptions", List.of("team", "product", "status", "quotas",
            "starts_at", "expires_at"), rows, s -> "<a href=\"/console/admin/subscriptions/" + Html.esc(Html.text(
            s.get("id"))) + "\">Quotas</a>", "No subscriptions: a team without one is refused every call.")
        + AdminPages.more("/console/admin/subscriptions", page);
    return AdminPages.page("Subscriptions and quotas", session, "/console/admin/subscriptions", message, body);
  }

  String createSubscription(ConsoleSession session, MultivaluedMap<String, String> form) {
    Map<String, Object> body = FormReader.body(form, "team_id", "product_id");
    if (!FormReader.body(form, "limit").isEmpty()) {
      body.put("quotas", List.of(quota(form)));
    }
    JsonNode created = forms.tree(admin.subscriptions().create(session.actor(),
        forms.read(body, CreateSubscription.class)));
    return AdminPages.notice("Subscribed " + teamNames().getOrDefault(Html.text(created.get("team_id")), "the team")
        + " to " + productNames().getOrDefault(Html.text(created.get("product_id")), "the product") + ".");
  }

  String subscription(ConsoleSession session, UUID id, String message) {
    JsonNode subscription = forms.tree(admin.subscriptions().get(id));
    JsonNode states = forms.tree(admin.subscriptions().quotaState(id)).path("items");
    String path = "/console/admin/subscriptions/" + id;
    String team = teamNames().getOrDefault(Html.text(subscription.get("team_id")), "");
    String product = productNames().getOrDefault(Html.text(subscription.get("product_id")), "");
    boolean active = "active".equals(Html.text(subscription.get("status")));
    String body = "<p><a href=\"/console/admin/subscriptions\">All subscriptions</a></p>"
        + "<p id=\"subscription-status\">" + Html.esc(team) + " on " + Html.esc(product) + ": "
        + Html.esc(Html.text(subscription.get("status"))) + ". "
        + Html.button(session, path + "/status", active ? "Disable" : "Enable", "subscription-status-button",
            "status", active ? "disabled" : "active") + "</p>"
        + "<h2>Quotas in their current period</h2>"
        + Html.table("quota-states", List.of("unit", "period", "enforcement", "limit", "used", "reserved",
            "remaining", "period_start", "period_end"), states, q -> Html.button(session, path + "/quotas/remove",
            "Remove", "remove-" + Html.text(q.get("unit")) + "-" + Html.text(q.get("period")), "unit",
            Html.text(q.get("unit")), "period", Html.text(q.get("period"))),
            "No quotas: calls of this team are metered but never refused for spend.")
        + "<h2>Set a quota</h2><form method=\"post\" action=\"" + path + "/quotas\" class=\"filters\" id=\"set-quota\">"
        + Html.csrfField(session) + quotaFields()
        + "<button type=\"submit\" id=\"set-quota-button\">Set quota</button><span class=\"note\">A quota of the same "
        + "unit and period is replaced and keeps its counters.</span></form>";
    return AdminPages.page("Quotas of " + team + " on " + product, session, "/console/admin/subscriptions", message,
        body);
  }

  /** Adds a quota to the subscription's set, or replaces the one of the same unit and period. */
  String setQuota(ConsoleSession session, UUID id, MultivaluedMap<String, String> form) {
    Map<String, Object> quota = quota(form);
    List<Object> set = otherQuotas(id, String.valueOf(quota.get("unit")), String.valueOf(quota.get("period")));
    set.add(quota);
    patchQuotas(session, id, set);
    return AdminPages.notice("Set the " + quota.getOrDefault("period", "") + " " + quota.getOrDefault("unit", "")
        + " quota.");
  }

  String removeQuota(ConsoleSession session, UUID id, MultivaluedMap<String, String> form) {
    patchQuotas(session, id, otherQuotas(id, form.getFirst("unit"), form.getFirst("period")));
    return AdminPages.notice("Removed the " + form.getFirst("period") + " " + form.getFirst("unit") + " quota.");
  }

  String setSubscriptionStatus(ConsoleSession session, UUID id, MultivaluedMap<String, String> form) {
    SubscriptionPatch patch = forms.read(FormReader.body(form, "status"), SubscriptionPatch.class);
    JsonNode updated = forms.tree(admin.subscriptions().update(session.actor(), id, patch));
    return AdminPages.notice("The subscription is " + Html.text(updated.get("status")) + ".");
  }

  private void patchQuotas(ConsoleSession session, UUID id, List<Object> quotas) {
    Map<String, Object> body = new HashMap<>();
    body.put("quotas", quotas);
    admin.subscriptions().update(session.actor(), id, forms.read(body, SubscriptionPatch.class));
  }

  /** The subscription's quotas as the API states them, but the one of this unit and period. */
  private List<Object> otherQuotas(UUID id, String unit, String period) {
    List<Object> out = new ArrayList<>();
    for (JsonNode q : forms.tree(admin.subscriptions().get(id)).path("quotas")) {
      if (Html.text(q.get("unit")).equals(unit) && Html.text(q.get("period")).equals(period)) {
        continue;
      }
      Map<String, Object> spec = new LinkedHashMap<>();
      for (String field : List.of("unit", "period", "limit", "enforcement", "alert_thresholds")) {
        if (q.has(field) && !q.get(field).isNull()) {
          spec.put(field, q.get(field));
        }
      }
      out.add(spec);
    }
    return out;
  }

  private static Map<String, Object> quota(MultivaluedMap<String, String> form) {
    return FormReader.body(form, "unit", "period", "limit", "enforcement");
  }

  private static String quotaFields() {
    return options("Quota unit", "unit", QUOTA_UNITS) + options("Period", "period", PERIODS)
        + Forms.input("Limit", "limit", "text", "") + options("Enforcement", "enforcement", List.of("hard", "soft"));
  }

  private static String quotaText(JsonNode q) {
    return Html.text(q.get("period")) + " " + Html.text(q.get("unit")) + " " + Html.text(q.get("limit")) + " ("
        + Html.text(q.get("enforcement")) + ")";
  }

  // The price book

  String prices(ConsoleSession session, MultivaluedMap<String, String> query, String message) {
    String model = blankToNull(query.getFirst("model"));
    String at = blankToNull(query.getFirst("at"));
    JsonNode book = forms.tree(prices.get(session.caller(), model, at, null)).path("items");
    StringBuilder elements = new StringBuilder();
    for (Element element : Element.values()) {
      elements.append(element.wireName()).append('\n');
    }
    String body = "<form method=\"get\" action=\"/console/admin/prices\" class=\"filters\">"
        + Forms.input("Model", "model", "text", model == null ? "" : model, "filter-model")
        + Forms.input("At (ISO-8601, empty = now)", "at", "text", at == null ? "" : at)
        + "<button type=\"submit\" id=\"apply\">Show</button></form>"
        + "<h2>Prices in force</h2>" + Html.table("prices", List.of("model", "service_tier", "element", "price", "per",
            "currency", "effective_from"), book, null, "No prices: import the default price book below.")
        + "<h2>Add a price</h2><form method=\"post\" action=\"/console/admin/prices\" class=\"filters\" id=\"new-price\">"
        + Html.csrfField(session) + Forms.input("Model", "model", "text", "")
        + options("Element", "element", List.of(elements.toString().split("\n")))
        + Forms.input("Price", "price", "text", "") + Forms.input("Per (empty = 1M tokens, 1 request)", "per", "text", "")
        + Forms.input("Currency", "currency", "text", "USD")
        + Forms.input("Effective from (ISO-8601, empty = now)", "effective_from", "text", "")
        + Forms.input("Service tier", "service_tier", "text", "")
        + "<button type=\"submit\" id=\"add-price\">Add price</button><span class=\"note\">Prices are effective-dated: "
        + "a new price applies from its date on; earlier calls keep theirs.</span></form>"
        + "<h2>Import</h2><form method=\"post\" action=\"/console/admin/prices/import\" class=\"import\" "
        + "id=\"import-prices\">" + Html.csrfField(session) + "<label for=\"csv\">CSV with a header row: model, element, "
        + "price, per, currency, effective_from, service_tier (the last four optional)</label>"
        + "<textarea name=\"csv\" id=\"csv\" rows=\"5\" cols=\"80\"></textarea>"
        + "<button type=\"submit\" name=\"source\" value=\"csv\" id=\"import-csv\">Import CSV</button>"
        + "<button type=\"submit\" name=\"source\" value=\"default\" id=\"import-default\">Import the default price "
        + "book</button></form>";
    return AdminPages.page("Price book", session, "/console/admin/prices", message, body);
  }

  String addPrice(ConsoleSession session, MultivaluedMap<String, String> form) {
    PriceRequest request = forms.read(FormReader.body(form, "model", "element", "price", "per", "currency",
        "effective_from", "service_tier"), PriceRequest.class);
    PriceService.Added added = priceService.add(session.actor(), "price.added", List.of(request));
    return AdminPages.notice(added.added().isEmpty() ? "That price is already in the book." : "Added the price.");
  }

  String importPrices(ConsoleSession session, MultivaluedMap<String, String> form) {
    Map<String, Object> answer;
    if ("default".equals(form.getFirst("source"))) {
      answer = prices.importCsv(session.caller(), "default", null);
    } else {
      String csv = form.getFirst("csv");
      if (csv == null || csv.isBlank()) {
        throw ProblemException.invalid("csv", "paste a CSV, or import the default price book");
      }
      answer = prices.importCsv(session.caller(), null, csv);
    }
    return AdminPages.notice("Imported " + answer.get("added") + " prices; " + answer.get("unchanged")
        + " were already in the book.");
  }

  // Shared bits

  private Map<String, String> teamNames() {
    Map<String, String> out = new LinkedHashMap<>();
    sessions.teams().forEach(t -> out.put(t.id().toString(), t.name()));
    return out;
  }

  private Map<String, String> productNames() {
    Map<String, String> out = new LinkedHashMap<>();
    forms.tree(admin.products().list("1000", null)).path("items").forEach(p -> out.put(Html.text(p.get("id")),
        Html.text(p.get("name"))));
    return out;
  }

  private static String select(String label, String name, Map<String, String> choices, String selected) {
    StringBuilder out = new StringBuilder("<label>").append(Html.esc(label)).append("<select name=\"").append(name)
        .append("\" id=\"").append(name).append("\"><option value=\"\"></option>");
    choices.forEach((id, text) -> out.append("<option value=\"").append(Html.esc(id)).append('"')
        .append(id.equals(selected) ? " selected" : "").append('>').append(Html.esc(text)).append("</option>"));
    return out.append("</select></label>").toString();
  }

  private static String options(String label, String name, List<String> values) {
    StringBuilder out = new StringBuilder("<label>").append(Html.esc(label)).append("<select name=\"").append(name)
        .append("\" id=\"").append(name).append("\">");
    values.forEach(v -> out.append("<option value=\"").append(Html.esc(v)).append("\">").append(Html.esc(v))
        .append("</option>"));
    return out.append("</select></label>").toString();
  }

  static UUID uuid(String value, String field) {
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(field + " must be a UUID", field);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
