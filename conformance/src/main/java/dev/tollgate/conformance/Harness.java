package dev.tollgate.conformance;

import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.TollgateBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The world the scenarios run in: one dev-mode collector per JVM behind a {@link CollectorLink}, the
 * {@link RecordingUpstream} in front of its simulated provider, its admin API, and per scenario a
 * team of its own (provider key, product, subscription, client) with its own upstream route.
 */
final class Harness {

  /** A scenario's team. */
  record Team(String route, AdminApi.Client client, String providerKey) {}

  private static Harness instance;

  final DevCollector collector;
  final CollectorLink link;
  final RecordingUpstream upstream;
  final AdminApi admin;
  private final List<Tollgate> open = new ArrayList<>();

  private Harness(DevCollector collector) {
    this.collector = collector;
    this.link = new CollectorLink(collector.url());
    this.upstream = new RecordingUpstream(collector.url());
    this.admin = new AdminApi(collector.url());
  }

  static synchronized Harness get() {
    if (instance == null) {
      instance = new Harness(DevCollector.get());
    }
    return instance;
  }

  /** A team whose provider key is an OpenAI one on its own route, with {@code quotas}. */
  Team team(List<Map<String, Object>> quotas) {
    String route = route();
    String key = "sk-leased-" + route;
    return new Team(route, admin.team("conformance-" + route, Map.of("provider", "openai", "name", "key-" + route,
        "base_url", upstream.openAiBaseUrl(route), "api_key", key), quotas), key);
  }

  /**
   * A team whose provider key is an {@code openai_admin} one on its own route: the collector mints
   * the team a service-account key through the simulated provider's admin API and leases that.
   * {@link Team#providerKey()} is the admin key, which must never reach a data call.
   */
  Team mintingTeam() {
    String route = route();
    String adminKey = "sk-admin-" + route;
    Map<String, Object> providerKey = new LinkedHashMap<>();
    providerKey.put("provider", "openai_admin");
    providerKey.put("name", "key-" + route);
    providerKey.put("base_url", upstream.openAiBaseUrl(route));
    providerKey.put("api_key", adminKey);
    providerKey.put("project_id", "proj_" + route);
    return new Team(route, admin.team("conformance-" + route, providerKey, List.of()), adminKey);
  }

  /** A team whose provider key is an Azure OpenAI one serving {@code deployments}. */
  Team azureTeam(String apiVersion, Map<String, String> deployments) {
    String route = route();
    String key = "azure-leased-" + route;
    Map<String, Object> providerKey = new LinkedHashMap<>();
    providerKey.put("provider", "azure_openai");
    providerKey.put("name", "key-" + route);
    providerKey.put("base_url", upstream.azureBaseUrl(route));
    providerKey.put("api_key", key);
    providerKey.put("api_version", apiVersion);
    providerKey.put("deployments", deployments);
    return new Team(route, admin.team("conformance-" + route, providerKey, List.of()), key);
  }

  /**
   * A client of {@code team} through the link, with the application's OkHttp client, its own spool
   * folder (or {@code spool}), and whatever {@code customize} sets; closed after the scenario.
   */
  Tollgate tollgate(Team team, Application app, Path spool, Consumer<TollgateBuilder> customize) {
    TollgateBuilder b = Tollgate.builder()
        .collectorUrl(link.url())
        .clientId(team.client().clientId())
        .clientSecret(team.client().clientSecret())
        .spoolDirectory(spool != null ? spool : tempDir())
        .shutdownHook(false)
        .okHttpClient(app.okHttpClient())
        .readTimeout(app.readTimeout())
        .collectorRetryInterval(Duration.ofMillis(200))
        .closeTimeout(Duration.ofSeconds(15));
    customize.accept(b);
    Tollgate t = b.build();
    synchronized (open) {
      open.add(t);
    }
    return t;
  }

  /** Closes every client a scenario left open, and brings the link back up. */
  void cleanUp() {
    synchronized (open) {
      open.forEach(Tollgate::close);
      open.clear();
    }
    link.up();
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("tollgate-conformance-spool-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String route() {
    return UUID.randomUUID().toString().substring(0, 12);
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
