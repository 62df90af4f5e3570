package dev.tollgate.collector.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.admin.AdminFeature;
import dev.tollgate.collector.admin.clients.ClientPatch;
import dev.tollgate.collector.admin.clients.CreateClient;
import dev.tollgate.collector.admin.keys.CreateApiKey;
import dev.tollgate.collector.admin.teams.CreateTeam;
import dev.tollgate.collector.admin.teams.TeamPatch;
import dev.tollgate.collector.common.ProblemException;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The admin pages for teams, their clients, provider keys and API keys. Every write reads its
 * form into the REST API's request type ({@link FormReader}) and calls the service the API's
 * resource calls, so validation, audit entries and refusals are the API's; a secret (a client's,
 * an API key) is shown once, in the answer to the form that made it, never on a later page.
 */
final class AdminPages {

  /** The admin section's pages, in its navigation's order: path and label. */
  static final List<Map.Entry<String, String>> NAV = List.of(Map.entry("/console/admin/teams", "Teams"),
      Map.entry("/console/admin/products", "Products"), Map.entry("/console/admin/subscriptions",
          "Subscriptions and quotas"), Map.entry("/console/admin/prices", "Price book"),
      Map.entry("/console/admin/provider-keys", "Provider keys"), Map.entry("/console/admin/api-keys", "API keys"),
      Map.entry("/console/admin/audit", "Audit log"));

  private final AdminFeature.Services admin;
  private final FormReader forms;

  AdminPages(AdminFeature.Services admin, FormReader forms) {
    this.admin = admin;
    this.forms = forms;
  }

  /** The admin section's own navigation, above each admin page. */
  static String nav(String current) {
    StringBuilder out = new StringBuilder("<nav class=\"subnav\" id=\"admin-nav\">");
    for (Map.Entry<String, String> item : NAV) {
      out.append("<a href=\"").append(item.getKey()).append('"')
          .append(item.getKey().equals(current) ? " class=\"current\"" : "").append('>')
          .append(Html.esc(item.getValue())).append("</a>");
    }
    return out.append("</nav>").toString();
  }

  /** An admin page: the section's navigation, a message (a notice or an error, HTML), the body. */
  static String page(String title, ConsoleSession session, String current, String message, String body) {
    return Html.page(title, session, "/console/admin", nav(current) + message + body);
  }

  static String index(ConsoleSession session) {
    StringBuilder body = new StringBuilder("<ul class=\"index\">");
    NAV.forEach(item -> body.append("<li><a href=\"").append(item.getKey()).append("\">")
        .append(Html.esc(item.getValue())).append("</a></li>"));
    return page("Admin", session, "", "", body.append("</ul>").toString());
  }

  // Teams

  String teams(ConsoleSession session, String message, String cursor) {
    JsonNode page = forms.tree(admin.teams().list("200", cursor));
    String body = "<h2>New team</h2><form method=\"post\" action=\"/console/admin/teams\" class=\"filters\" "
        + "id=\"new-team\">" + Html.csrfField(session) + Forms.input("Name", "name", "text", "")
        + Forms.input("Description", "description", "text", "")
        + "<button type=\"submit\" id=\"create-team\">Create team</button></form>"
        + "<h2>Teams</h2>" + Html.table("teams", List.of("name", "status", "description", "created_at"),
            page.path("items"), team -> teamActions(session, team),
            "No teams yet: create one above, then give it clients and a subscription.")
        + more("/console/admin/teams", page);
    return page("Teams", session, "/console/admin/teams", message, body);
  }

  private static String teamActions(ConsoleSession session, JsonNode team) {
    String id = Html.text(team.get("id"));
    boolean active = "active".equals(Html.text(team.get("status")));
    return "<a href=\"/console/admin/teams/" + Html.esc(id) + "/clients\">Clients</a> "
        + "<a href=\"/console/admin/subscriptions?team_id=" + Html.esc(id) + "\">Subscriptions</a> "
        + Html.button(session, "/console/admin/teams/" + id + "/status", active ? "Disable" : "Enable",
            (active ? "disable-team-" : "enable-team-") + id, "status", active ? "disabled" : "active");
  }

  String createTeam(ConsoleSession session, MultivaluedMap<String, String> form) {
    CreateTeam request = forms.read(FormReader.body(form, "name", "description"), CreateTeam.class);
    JsonNode team = forms.tree(admin.teams().create(session.actor(), request));
    return notice("Created team " + Html.text(team.get("name")) + ".");
  }

  String setTeamStatus(ConsoleSession session, UUID id, MultivaluedMap<String, String> form) {
    TeamPatch patch = forms.read(FormReader.body(form, "status"), TeamPatch.class);
    JsonNode team = forms.tree(admin.teams().update(session.actor(), id, patch));
    return notice("Team " + Html.text(team.get("name")) + " is " + Html.text(team.get("status")) + ".");
  }

  // Clients

  String clients(ConsoleSession session, UUID teamId, String message, String cursor) {
    JsonNode team = forms.tree(admin.teams().get(teamId));
    JsonNode page = forms.tree(admin.clients().list(teamId, "200", cursor));
    String path = "/console/admin/teams/" + teamId + "/clients";
    String body = "<p><a href=\"/console/admin/teams\">All teams</a></p>"
        + "<h2>New client</h2><form method=\"post\" action=\"" + path + "\" class=\"filters\" id=\"new-client\">"
        + Html.csrfField(session) + Forms.input("Name", "name", "text", "")
        + "<button type=\"submit\" id=\"create-client\">Create client</button>"
        + "<span class=\"note\">The secret is shown once, on the next page.</span></form>"
        + "<h2>Clients</h2>" + Html.table("clients", List.of("name", "client_id", "status", "created_at"),
            page.path("items"), client -> clientActions(session, client),
            "No clients yet: create one for each application of this team.")
        + more(path, page);
    return page("Clients of " + Html.text(team.get("name")), session, "/console/admin/teams", message, body);
  }

  private static String clientActions(ConsoleSession session, JsonNode client) {
    String id = Html.text(client.get("id"));
    boolean active = "active".equals(Html.text(client.get("status")));
    return Html.button(session, "/console/admin/clients/" + id + "/rotate", "Rotate secret", "rotate-" + id)
        + Html.button(session, "/console/admin/clients/" + id + "/status", active ? "Disable" : "Enable",
            (active ? "disable-client-" : "enable-client-") + id, "status", active ? "disabled" : "active");
  }

  String createClient(ConsoleSession session, UUID teamId, MultivaluedMap<String, String> form) {
    CreateClient request = forms.read(FormReader.body(form, "name"), CreateClient.class);
    JsonNode issued = forms.tree(admin.clients().create(session.actor(), teamId, request));
    return secret("Created client " + Html.text(issued.get("name")) + " (" + Html.text(issued.get("client_id"))
        + ").", "client_secret", Html.text(issued.get("client_secret")));
  }

  /** The client's team, for the page a client's form answers with. */
  UUID teamOfClient(UUID clientId) {
    return admin.clients().get(clientId).teamId();
  }

  String rotateClient(ConsoleSession session, UUID clientId) {
    JsonNode rotated = forms.tree(admin.clients().rotateSecret(session.actor(), clientId));
    return secret("Rotated the secret of " + Html.text(rotated.get("client_id")) + "; the old one no longer works.",
        "client_secret", Html.text(rotated.get("client_secret")));
  }

  String setClientStatus(ConsoleSession session, UUID clientId, MultivaluedMap<String, String> form) {
    ClientPatch patch = forms.read(FormReader.body(form, "status"), ClientPatch.class);
    JsonNode client = forms.tree(admin.clients().update(session.actor(), clientId, patch));
    return notice("Client " + Html.text(client.get("name")) + " is " + Html.text(client.get("status")) + ".");
  }

  // Provider keys and API keys

  String providerKeys(ConsoleSession session, String cursor) {
    JsonNode page = forms.tree(admin.providerKeys().list("200", cursor));
    String body = "<p class=\"note\">The keys themselves are never shown, only their hints. Add or change provider "
        + "keys through <code>/v1/admin/provider-keys</code> (see docs/api-admin.md).</p>"
        + Html.table("provider-keys", List.of("name", "provider", "base_url", "api_key_hint", "is_default",
            "created_at"), page.path("items"), null, "No provider keys: the SDK calls its provider with its own key.")
        + more("/console/admin/provider-keys", page);
    return page("Provider keys", session, "/console/admin/provider-keys", "", body);
  }

  String apiKeys(ConsoleSession session, String message, String cursor) {
    JsonNode page = forms.tree(admin.apiKeys().list("200", cursor));
    String body = "<h2>New API key</h2><form method=\"post\" action=\"/console/admin/api-keys\" class=\"filters\" "
        + "id=\"new-api-key\">" + Html.csrfField(session) + Forms.input("Name", "name", "text", "")
        + "<label>Role<select name=\"role\" id=\"role-select\"><option value=\"finance\">finance</option>"
        + "<option value=\"admin\">admin</option></select></label>"
        + "<button type=\"submit\" id=\"create-api-key\">Create API key</button></form>"
        + "<h2>API keys</h2>" + Html.table("api-keys", List.of("name", "role", "key_prefix", "created_at",
            "revoked_at"), page.path("items"), key -> key.path("revoked_at").isNull()
            || key.path("revoked_at").isMissingNode() ? Html.button(session, "/console/admin/api-keys/"
            + Html.text(key.get("id")) + "/revoke", "Revoke", "revoke-" + Html.text(key.get("id"))) : "",
            "No API keys but the bootstrap key: create one per person or system that reads or administers.")
        + more("/console/admin/api-keys", page);
    return page("API keys", session, "/console/admin/api-keys", message, body);
  }

  String createApiKey(ConsoleSession session, MultivaluedMap<String, String> form) {
    CreateApiKey request = forms.read(FormReader.body(form, "name", "role"), CreateApiKey.class);
    JsonNode issued = forms.tree(admin.apiKeys().create(session.actor(), request));
    return secret("Created the " + Html.text(issued.get("role")) + " key " + Html.text(issued.get("name")) + ".",
        "api_key", Html.text(issued.get("api_key")));
  }

  String revokeApiKey(ConsoleSession session, UUID id) {
    admin.apiKeys().revoke(session.actor(), id);
    return notice("Revoked the key; sessions opened with it have ended.");
  }

  // Shared bits

  static String notice(String text) {
    return "<p class=\"note notice\" id=\"notice\">" + Html.esc(text) + "</p>";
  }

  /** A secret shown once: the answer to the form that made it; no later page shows it. */
  static String secret(String text, String id, String secret) {
    return "<div class=\"secret\" id=\"notice\"><p>" + Html.esc(text) + "</p><p>Copy it now: it is shown "
        + "only this once.</p><code id=\"" + Html.esc(id) + "\">" + Html.esc(secret) + "</code></div>";
  }

  /** A refused write: the API's problem (detail and each field) on the page, not problem+json. */
  static String error(ProblemException e) {
    StringBuilder out = new StringBuilder("<div class=\"error\" id=\"error\"><p>").append(Html.esc(e.getMessage()))
        .append("</p>");
    e.toProblem().errors().forEach(f -> out.append("<p class=\"field-error\">").append(Html.esc(f.field()))
        .append(": ").append(Html.esc(f.message())).append("</p>"));
    return out.append("</div>").toString();
  }

  /** The link to the next page of a list, when there is one. */
  static String more(String path, JsonNode page) {
    String next = Html.text(page.get("next_cursor"));
    return next.isEmpty() ? "" : "<p><a id=\"next-page\" href=\"" + Html.esc(path) + "?cursor="
        + Html.esc(Html.url(next)) + "\">More</a></p>";
  }
}
