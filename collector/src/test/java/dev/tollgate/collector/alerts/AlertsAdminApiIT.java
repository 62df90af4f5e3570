package dev.tollgate.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.collector.admin.AdminHttp;
import dev.tollgate.collector.admin.AdminHttp.Reply;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.collector.testing.TestDatabases;
import dev.tollgate.collector.usage.ClockedApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin side of alerts: channels (who may, what reads show, what an audit entry keeps),
 * routing by team and type, alert thresholds on quotas, and the alert history's parameters.
 * The sender is off, so deliveries stay as the API leaves them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AlertsAdminApiIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP = TestApps.app(ClockedApp.class,
      TestDatabases.create(), c -> c.getAlerts().setSenderEnabled(false));
  static final String ADMIN = TestApps.ADMIN_KEY;
  static final String SLACK_URL = "https://hooks.slack.com/services/T0000/B0000/s3cretSlackToken9";

  static AlertsWorld world;
  static AdminHttp admin;
  static String finance;

  @BeforeAll
  static void setUp() {
    ClockedApp.CLOCK.set(ClockedApp.DEFAULT_NOW);
    world = new AlertsWorld(APP).seed();
    admin = world.admin;
    finance = admin.post(ADMIN, "/v1/admin/api-keys", AdminHttp.json("{'name':'alerts finance','role':'finance'}"))
        .json().get("api_key").asText();
  }

  @Test
  void channelsAreCreatedOnceWithTheirSecretAndReadWithoutIt() {
    AlertsWorld.Team team = world.team("Channel team", null, null);
    JsonNode hook = world.channel("webhook", "https://receiver.example.com/hooks/tollgate?token=abc123xyz", team.id(),
        "spend_spike", "quota_threshold");
    assertThat(AlertsWorld.fieldNames(hook))
        .containsExactly("id", "type", "url", "team_id", "types", "created_at", "secret");
    assertThat(hook.get("url").asText()).isEqualTo("https://receiver.example.com/hooks/tollgate?token=abc123xyz");
    assertThat(hook.get("types").toString()).isEqualTo("[\"quota_threshold\",\"spend_spike\"]");
    String secret = hook.get("secret").asText();
    assertThat(secret).matches("whsec_[A-Za-z0-9_-]{43}");
    JsonNode slack = world.channel("slack", SLACK_URL, null);
    assertThat(slack.has("secret")).isFalse();
    assertThat(slack.get("types")).isEmpty();
    assertThat(slack.get("team_id").isNull()).isTrue();

    Reply read = admin.get(ADMIN, "/v1/admin/alert-channels/" + slack.get("id").asText());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("url").asText()).isEqualTo("https://hooks.slack.com/...ken9");
    assertThat(read.json().get("enabled").asBoolean()).isTrue();
    Reply list = admin.get(ADMIN, "/v1/admin/alert-channels?limit=1");
    assertThat(list.json().get("items")).hasSize(1);
    Reply rest = admin.get(ADMIN, "/v1/admin/alert-channels?limit=1000&cursor="
        + list.json().get("next_cursor").asText());
    assertThat(rest.json().get("items")).isNotEmpty();
    List<String> everything = List.of(read.body(), list.body(), rest.body(),
        admin.get(ADMIN, "/v1/admin/alert-channels/" + hook.get("id").asText()).body(),
        admin.get(ADMIN, "/v1/admin/audit?limit=1000").body());
    for (String body : everything) {
      assertThat(body).doesNotContain(secret, "s3cretSlackToken9", "abc123xyz");
    }
    assertThat(world.data.count("SELECT count(*) FROM alert_channels WHERE url_hint LIKE '%s3cret%' "
        + "OR encode(url_ciphertext, 'escape') LIKE '%s3cret%' OR encode(secret_ciphertext, 'escape') LIKE '%whsec%'"))
        .as("stored encrypted").isZero();
  }

  @Test
  void channelsAreForAdminsOnlyAndTheHistoryForFinanceToo() {
    JsonNode channel = world.channel("webhook", "https://receiver.example.com/roles", null);
    String path = "/v1/admin/alert-channels/" + channel.get("id").asText();
    AlertsWorld.Team team = world.team("Role team", null, null);
    assertThat(admin.get(finance, "/v1/admin/alert-channels").status()).isEqualTo(403);
    assertThat(admin.get(finance, path).status()).isEqualTo(403);
    assertThat(admin.post(finance, path + "/test", null).status()).isEqualTo(403);
    assertThat(admin.post(finance, "/v1/admin/alert-channels",
        AdminHttp.json("{'type':'slack','url':'https://hooks.slack.com/x'}")).status()).isEqualTo(403);
    assertThat(admin.get(team.token(), "/v1/admin/alerts").status()).isEqualTo(403);
    assertThat(admin.get(null, "/v1/admin/alerts").status()).isEqualTo(401);
    assertThat(admin.get(finance, "/v1/admin/alerts?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z"
        + "&type=spend_spike").status()).isEqualTo(200);
    assertThat(admin.get(ADMIN, "/v1/admin/alerts?type=budget").status()).isEqualTo(400);
    assertThat(admin.get(ADMIN, "/v1/admin/alerts?from=yesterday").status()).isEqualTo(400);
    assertThat(admin.get(ADMIN, "/v1/admin/alerts?limit=0").status()).isEqualTo(422);
  }

  @Test
  void badChannelsAreRefusedNamingTheFieldAndChangeNothing() {
    long before = world.data.count("SELECT count(*) FROM alert_channels");
    assertInvalid(admin.post(ADMIN, "/v1/admin/alert-channels", AdminHttp.json("{'type':'webhook'}")), "url");
    assertInvalid(admin.post(ADMIN, "/v1/admin/alert-channels",
        AdminHttp.json("{'type':'webhook','url':'ftp://example.com/x'}")), "url");
    assertInvalid(admin.post(ADMIN, "/v1/admin/alert-channels",
        AdminHttp.json("{'type':'webhook','url':'https://user:pw@example.com/x'}")), "url");
    assertInvalid(admin.post(ADMIN, "/v1/admin/alert-channels",
        AdminHttp.json("{'type':'email','url':'https://example.com/x'}")), "type");
    assertInvalid(admin.post(ADMIN, "/v1/admin/alert-channels",
        AdminHttp.json("{'type':'slack','url':'https://example.com/x','types':['budget']}")), "types[0]");
    assertInvalid(admin.post(ADMIN, "/v1/admin/alert-channels", AdminHttp.json(
        "{'type':'slack','url':'https://example.com/x','team_id':'%s'}", UUID.randomUUID())), "team_id");
    assertThat(world.data.count("SELECT count(*) FROM alert_channels")).isEqualTo(before);
    assertThat(admin.get(ADMIN, "/v1/admin/alert-channels/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(admin.post(ADMIN, "/v1/admin/alert-channels/" + UUID.randomUUID() + "/test", null).status())
        .isEqualTo(404);
  }

  @Test
  void alertsGoToTheChannelsThatTakeTheirTeamAndTypeAndNotToDisabledOrDeletedOnes() {
    AlertsWorld.Team team = world.team("Routed team", "1.00", "soft");
    AlertsWorld.Team other = world.team("Other team", null, null);
    String mine = world.channel("webhook", "https://receiver.example.com/mine", team.id()).get("id").asText();
    String spikesOnly = world.channel("webhook", "https://receiver.example.com/spikes", team.id(), "spend_spike")
        .get("id").asText();
    String others = world.channel("webhook", "https://receiver.example.com/others", other.id()).get("id").asText();
    String disabled = world.channel("slack", "https://hooks.slack.com/services/disabled", team.id()).get("id").asText();
    Reply off = admin.patch(ADMIN, "/v1/admin/alert-channels/" + disabled, AdminHttp.json("{'enabled':false}"));
    assertThat(off.status()).as(off.body()).isEqualTo(200);
    assertThat(off.json().get("enabled").asBoolean()).isFalse();

    world.spend(team, 5, ClockedApp.CLOCK.instant().minusSeconds(60));
    JsonNode alert = world.alertsOf(team.id(), "quota_threshold").get(0);
    List<String> channels = new ArrayList<>();
    alert.get("deliveries").forEach(d -> channels.add(d.get("channel_id").asText()));
    assertThat(channels).contains(mine).doesNotContain(spikesOnly, others, disabled);
    JsonNode delivery = deliveryTo(alert, mine);
    assertThat(AlertsWorld.fieldNames(delivery))
        .containsExactly("channel_id", "status", "attempts", "last_error", "delivered_at");
    assertThat(delivery.get("status").asText()).isEqualTo("pending");
    assertThat(delivery.get("attempts").asInt()).isZero();

    Reply deleted = admin.delete(ADMIN, "/v1/admin/alert-channels/" + mine);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(admin.get(ADMIN, "/v1/admin/alert-channels/" + mine).status()).isEqualTo(404);
    JsonNode after = deliveryTo(world.alertsOf(team.id(), "quota_threshold").get(0), mine);
    assertThat(after.get("status").asText()).isEqualTo("failed");
    assertThat(after.get("last_error").asText()).isEqualTo("channel deleted");
    assertThat(world.data.count("SELECT count(*) FROM alert_channels WHERE id = '" + mine
        + "' AND url_ciphertext IS NULL AND secret_ciphertext IS NULL")).as("its secrets are erased").isEqualTo(1);

    Reply widened = admin.patch(ADMIN, "/v1/admin/alert-channels/" + spikesOnly,
        AdminHttp.json("{'team_id':null,'types':null,'url':'https://receiver.example.com/all'}"));
    assertThat(widened.status()).as(widened.body()).isEqualTo(200);
    assertThat(widened.json().get("team_id").isNull()).isTrue();
    assertThat(widened.json().get("types")).isEmpty();
    assertThat(widened.json().get("url").asText()).isEqualTo("https://receiver.example.com/...");
    world.spend(team, 3, ClockedApp.CLOCK.instant().minusSeconds(60));
    // Both alerts occurred at the same instant of the test clock: find the second by its threshold.
    JsonNode eighty = world.alertsOf(team.id(), "quota_threshold").stream()
        .filter(a -> a.get("details").get("threshold").asInt() == 80).findFirst().orElseThrow();
    assertThat(eighty.get("deliveries")).anyMatch(d -> d.get("channel_id").asText().equals(spikesOnly));
  }

  @Test
  void quotasCarryAlertThresholdsSetAndChangedWithTheSubscription() {
    UUID teamId = world.data.team("Threshold team", "active", null);
    UUID product = world.data.product("Threshold product", "0", "chat.completions");
    Reply created = admin.post(ADMIN, "/v1/admin/subscriptions", AdminHttp.json("{'team_id':'%s','product_id':'%s',"
        + "'quotas':[{'unit':'cost','period':'month','limit':100},"
        + "{'unit':'tokens','period':'day','limit':1000,'alert_thresholds':[90,25,75]}]}", teamId, product));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(thresholds(created.json(), "cost")).isEqualTo("[50,80,100]");
    assertThat(thresholds(created.json(), "tokens")).isEqualTo("[25,75,90]");
    String path = "/v1/admin/subscriptions/" + created.json().get("id").asText();

    Reply changed = admin.patch(ADMIN, path, AdminHttp.json("{'quotas':[{'unit':'cost','period':'month',"
        + "'limit':200,'alert_thresholds':[]},{'unit':'tokens','period':'day','limit':2000}]}"));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(thresholds(changed.json(), "cost")).isEqualTo("[]");
    assertThat(thresholds(changed.json(), "tokens")).as("kept when not named").isEqualTo("[25,75,90]");
    assertThat(admin.get(finance, path).json().toString()).contains("\"alert_thresholds\":[25,75,90]");

    for (String bad : List.of("[0]", "[1001]", "[50,50]", "[1,2,3,4,5,6,7,8,9,10,11]", "[null]", "[\"half\"]")) {
      Reply refused = admin.patch(ADMIN, path, AdminHttp.json("{'quotas':[{'unit':'cost','period':'month',"
          + "'limit':200,'alert_thresholds':%s}]}", bad.replace('"', '\'')));
      assertThat(refused.status()).as(bad + ": " + refused.body()).isEqualTo(422);
      assertThat(refused.json().get("errors").get(0).get("field").asText()).startsWith("quotas[0].alert_thresholds");
    }
    assertThat(thresholds(admin.get(ADMIN, path).json(), "cost")).isEqualTo("[]");
  }

  private static JsonNode deliveryTo(JsonNode alert, String channelId) {
    for (JsonNode delivery : alert.get("deliveries")) {
      if (delivery.get("channel_id").asText().equals(channelId)) {
        return delivery;
      }
    }
    throw new AssertionError("no delivery to " + channelId + " in " + alert);
  }

  private static String thresholds(JsonNode subscription, String unit) {
    for (JsonNode quota : subscription.get("quotas")) {
      if (quota.get("unit").asText().equals(unit)) {
        return quota.get("alert_thresholds").toString();
      }
    }
    throw new AssertionError("no " + unit + " quota in " + subscription);
  }

  private static void assertInvalid(Reply reply, String field) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
    assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
  }
}
