package dev.tollgate.collector.admin;

import static dev.tollgate.collector.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Client secrets, API keys and provider keys appear in exactly one place: the response that
 * issues them. Not in any log line (captured from the root logger, our code and JDBI at
 * DEBUG), error body, read endpoint, audit entry, or the database in clear.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SecretsNeverLeakIT {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(config -> config.setClientSecretHashIterations(1000));
  static final String ADMIN = TestApps.ADMIN_KEY;

  static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  static final List<String> DEBUG_LOGGERS = List.of("dev.tollgate", "org.jdbi", "io.dropwizard.jersey");

  @BeforeAll
  static void captureLogs() {
    // After the app started: Dropwizard resets logging when it configures it.
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LOGS.setContext(root.getLoggerContext());
    LOGS.start();
    root.addAppender(LOGS);
    DEBUG_LOGGERS.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.DEBUG));
  }

  @AfterAll
  static void stopCapturing() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(LOGS);
    DEBUG_LOGGERS.forEach(name -> ((Logger) LoggerFactory.getLogger(name)).setLevel(null));
  }

  @Test
  void secretsAppearOnlyInTheResponseThatIssuesThem() {
    String base = "http://localhost:" + APP.getLocalPort();
    AdminHttp issuer = new AdminHttp(base);
    AdminHttp reader = new AdminHttp(base);
    List<String> secrets = new ArrayList<>();

    String providerSecret = "sk-proj-LEAKCHECK" + UUID.randomUUID().toString().replace("-", "");
    secrets.add(providerSecret);
    var key = issuer.post(ADMIN, "/v1/admin/provider-keys", json(
        "{'provider':'openai','name':'leak','base_url':'https://api.openai.com/v1','api_key':'%s'}", providerSecret));
    assertThat(key.status()).isEqualTo(201);
    assertThat(key.body()).doesNotContain(providerSecret);
    String rotatedProviderSecret = "sk-proj-ROTATED" + UUID.randomUUID().toString().replace("-", "");
    secrets.add(rotatedProviderSecret);
    issuer.patch(ADMIN, "/v1/admin/provider-keys/" + key.text("id"), json("{'api_key':'%s'}", rotatedProviderSecret));

    String team = issuer.post(ADMIN, "/v1/admin/teams", "{\"name\":\"Leaky\"}").text("id");
    var client = issuer.post(ADMIN, "/v1/admin/teams/" + team + "/clients", "{\"name\":\"app\"}");
    secrets.add(client.text("client_secret"));
    var rotated = issuer.post(ADMIN, "/v1/admin/clients/" + client.text("id") + "/rotate-secret", null);
    secrets.add(rotated.text("client_secret"));
    var apiKey = issuer.post(ADMIN, "/v1/admin/api-keys", "{\"name\":\"leak\",\"role\":\"finance\"}");
    secrets.add(apiKey.text("api_key"));
    issuer.delete(ADMIN, "/v1/admin/api-keys/" + apiKey.text("id"));
    var adminKey = issuer.post(ADMIN, "/v1/admin/api-keys", "{\"name\":\"leak2\",\"role\":\"admin\"}");
    secrets.add(adminKey.text("api_key"));
    assertThat(secrets).allSatisfy(s -> assertThat(s).hasSizeGreaterThan(15));

    // Error paths that carry a secret in the request.
    String inBadRequest = "sk-proj-INERROR" + UUID.randomUUID().toString().replace("-", "");
    secrets.add(inBadRequest);
    reader.post(ADMIN, "/v1/admin/provider-keys", json(
        "{'provider':'openai','name':'bad','base_url':'ftp://nope','api_key':'%s'}", inBadRequest));
    reader.post(ADMIN, "/v1/admin/provider-keys", json(
        "{'provider':'nope','name':'bad','base_url':'https://a.b','api_key':'%s'}", inBadRequest));
    reader.post(ADMIN, "/v1/admin/provider-keys", json(
        "{'provider':'openai','name':'leak','base_url':'https://a.b','api_key':'%s'}", inBadRequest));
    reader.post(ADMIN, "/v1/admin/provider-keys", "{\"api_key\":\"" + inBadRequest + "\", oops");
    reader.post(ADMIN, "/v1/admin/provider-keys", "{\"api_key\":\"" + inBadRequest + "\",\"name\":[1]}");
    reader.get(apiKey.text("api_key"), "/v1/admin/teams");
    reader.get(client.text("client_secret"), "/v1/admin/teams");
    reader.post(adminKey.text("api_key") + "x", "/v1/admin/teams", "{\"name\":\"x\"}");

    // Every read endpoint.
    reader.get(ADMIN, "/v1/admin/teams");
    reader.get(ADMIN, "/v1/admin/teams/" + team);
    reader.get(ADMIN, "/v1/admin/teams/" + team + "/clients");
    reader.get(ADMIN, "/v1/admin/clients/" + client.text("id"));
    reader.get(ADMIN, "/v1/admin/provider-keys");
    reader.get(ADMIN, "/v1/admin/provider-keys/" + key.text("id"));
    reader.get(ADMIN, "/v1/admin/api-keys");
    var audit = reader.get(ADMIN, "/v1/admin/audit?limit=1000");
    assertThat(audit.json().path("items").size()).isGreaterThanOrEqualTo(8);

    List<String> logLines = LOGS.list.stream().map(SecretsNeverLeakIT::render).toList();
    assertThat(logLines).as("the capture works").anyMatch(line -> line.contains(client.text("client_id")));
    String dbDump = databaseText();
    assertThat(dbDump).contains(client.text("client_id"));
    for (String secret : secrets) {
      assertThat(logLines).as("log lines").noneMatch(line -> line.contains(secret));
      assertThat(reader.bodiesSeen()).as("read and error bodies").noneMatch(body -> body.contains(secret));
      assertThat(dbDump).as("database text").doesNotContain(secret);
    }
  }

  private static String render(ILoggingEvent event) {
    String line = event.getFormattedMessage();
    if (event.getThrowableProxy() != null) {
      line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
    }
    return line;
  }

  /** Every text-like column of the tables that hold credentials and the audit log. */
  private static String databaseText() {
    var db = APP.getConfiguration().getDatabase();
    return Jdbi.create(db.getUrl(), db.getUser(), db.getPassword()).withHandle(h -> String.join("\n",
        h.createQuery("SELECT row_to_json(c)::text FROM clients c").mapTo(String.class).list())
        + String.join("\n", h.createQuery("SELECT row_to_json(k)::text FROM api_keys k").mapTo(String.class).list())
        + String.join("\n", h.createQuery("SELECT row_to_json(p)::text FROM provider_keys p").mapTo(String.class).list())
        + String.join("\n", h.createQuery("SELECT row_to_json(a)::text FROM audit_log a").mapTo(String.class).list()));
  }
}
