package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.usage.IngestTestData;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * What the alert tests share: a collector's test data and admin client, teams that spend
 * through the real ingest endpoint ({@value #MODEL} costs 0.10 a request), and channels
 * created through the admin API.
 */
final class AlertsWorld {

  static final String MODEL = "alert-model";
  static final String PRICE_FROM = "2026-01-01T00:00:00Z";

  /** A team with one client and, if asked for, one monthly cost quota. */
  record Team(UUID id, String name, IngestTestData.ClientCreds client, String token, UUID quotaId) {}

  final IngestTestData data;
  final AdminHttp admin;
  /** The collector's database, with SqlObject DAOs as the collector uses them. */
  final Jdbi jdbi;

  AlertsWorld(DropwizardAppExtension<TollgateConfiguration> app) {
    this(app.getConfiguration(), app.getLocalPort());
  }

  AlertsWorld(TollgateConfiguration config, int port) {
    this.data = new IngestTestData(config, port);
    this.admin = new AdminHttp("http://localhost:" + port);
    this.jdbi = Jdbi.create(config.getDatabase().getUrl(), config.getDatabase().getUser(),
        config.getDatabase().getPassword()).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
  }

  /** The default provider key and the model's price: once per database. */
  AlertsWorld seed() {
    data.providerKey("default", "sk-test-default-key-1234", true);
    // A model is priced when it has a token rate; these calls report no tokens, so each costs its request.
    data.price(MODEL, "prompt_tokens", "1.00", PRICE_FROM);
    data.price(MODEL, "requests", "0.10", PRICE_FROM);
    return this;
  }

  /** A team, its client and token; {@code quotaLimit} null for none, else a monthly cost quota. */
  Team team(String name, String quotaLimit, String enforcement) {
    IngestTestData.ClientCreds client = data.activeClient(name, "0");
    UUID quota = quotaLimit == null ? null
        : data.quota(data.subscriptionOf(client.teamId()), "cost", "month", quotaLimit, enforcement);
    return new Team(client.teamId(), name, client, data.token(client), quota);
  }

  /** Ingests {@code calls} calls of {@link #MODEL} at {@code ts} (0.10 each) in one batch. */
  void spend(Team team, int calls, Instant ts) {
    send(team, MODEL, calls, ts);
  }

  void send(Team team, String model, int calls, Instant ts) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      events.add(IngestTestData.event(UUID.randomUUID(), ts, model, null));
    }
    HttpResponse<String> r = data.post("/v1/usage/events", team.token(),
        IngestTestData.batch(events.toArray(String[]::new)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(IngestTestData.json(r).get("accepted").asInt()).isEqualTo(calls);
  }

  /** Creates a channel through the admin API; returns the 201 body (with the webhook's secret). */
  JsonNode channel(String type, String url, UUID teamId, String... types) {
    String body = AdminHttp.json("{'type':'%s','url':'%s'%s%s}", type, url,
        teamId == null ? "" : ",'team_id':'" + teamId + "'",
        types.length == 0 ? "" : ",'types':['" + String.join("','", types) + "']");
    AdminHttp.Reply reply = admin.post(TestApps.ADMIN_KEY, "/v1/admin/alert-channels", body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json();
  }

  /**
   * {@code GET /v1/admin/alerts} items for a team (optionally of one type), oldest first; alerts
   * raised at the same instant (the test clock stands still) come in no particular order.
   */
  List<JsonNode> alertsOf(UUID teamId, String type) {
    AdminHttp.Reply reply = admin.get(TestApps.ADMIN_KEY, "/v1/admin/alerts?limit=1000"
        + (type == null ? "" : "&type=" + type));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    List<JsonNode> items = new ArrayList<>();
    reply.json().get("items").forEach(item -> {
      if (teamId.toString().equals(item.path("team_id").asText())) {
        items.add(0, item);
      }
    });
    return items;
  }

  static JsonNode parse(String json) {
    try {
      return IngestTestData.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** How many alerts of {@code type} the team has raised (straight from the table: raising is synchronous). */
  long alertCount(UUID teamId, String type) {
    return data.count("SELECT count(*) FROM alerts WHERE team_id = '" + teamId + "' AND type = '" + type + "'");
  }

  /** How many deliveries to {@code channelId} are still pending. */
  long pending(String channelId) {
    return data.count("SELECT count(*) FROM alert_deliveries WHERE status = 'pending' AND channel_id = '"
        + UUID.fromString(channelId) + "'");
  }

  static List<Receiver.Request> onPath(List<Receiver.Request> requests, String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
