package dev.tollgate.collector.dev;

import dev.tollgate.collector.admin.clients.ClientDao;
import dev.tollgate.collector.admin.clients.ClientService;
import dev.tollgate.collector.admin.clients.CreateClient;
import dev.tollgate.collector.admin.clients.IssuedClient;
import dev.tollgate.collector.admin.keys.CreateProviderKey;
import dev.tollgate.collector.admin.keys.Provider;
import dev.tollgate.collector.admin.keys.ProviderKeyDao;
import dev.tollgate.collector.admin.keys.ProviderKeyPatch;
import dev.tollgate.collector.admin.keys.ProviderKeyService;
import dev.tollgate.collector.admin.products.CreateProduct;
import dev.tollgate.collector.admin.products.Product;
import dev.tollgate.collector.admin.products.ProductService;
import dev.tollgate.collector.sources.SourceDao;
import dev.tollgate.collector.admin.subscriptions.CreateSubscription;
import dev.tollgate.collector.quota.Enforcement;
import dev.tollgate.collector.admin.subscriptions.QuotaSpec;
import dev.tollgate.collector.quota.Unit;
import dev.tollgate.collector.admin.subscriptions.SubscriptionService;
import dev.tollgate.collector.admin.teams.CreateTeam;
import dev.tollgate.collector.admin.teams.Team;
import dev.tollgate.collector.admin.teams.TeamService;
import dev.tollgate.collector.quota.Period;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Dev mode only: on an empty database, seeds a demo provider key, team, client, product and
 * subscription, keeps the demo client's credentials next to the dev keys (the secret is shown
 * once by the API, but a developer restarting {@code dev} wants it again), and prints how to
 * use them. Never runs under {@code server}.
 */
final class DevSeed {

  static final String ACTOR = "system:dev-seed";
  static final String DEMO_KEY = "demo";
  static final String DEMO_TEAM = "Demo";
  static final String DEMO_CLIENT = "demo-app";
  static final String DEMO_PRODUCT = "Enterprise AI Gateway";
  private static final Pattern LOCAL_MOCK = Pattern.compile("^http://localhost:\\d+/mock/v1$");

  private final Jdbi jdbi;
  private final TeamService teams;
  private final ClientService clients;
  private final ProviderKeyService providerKeys;
  private final ProductService products;
  private final SubscriptionService subscriptions;
  private final Path secretsFile;
  private final Optional<String> openAiKey;

  DevSeed(Jdbi jdbi, TeamService teams, ClientService clients, ProviderKeyService providerKeys,
      ProductService products, SubscriptionService subscriptions, Path secretsFile, Optional<String> openAiKey) {
    this.jdbi = jdbi;
    this.teams = teams;
    this.clients = clients;
    this.providerKeys = providerKeys;
    this.products = products;
    this.subscriptions = subscriptions;
    this.secretsFile = secretsFile;
    this.openAiKey = openAiKey;
  }

  /** Seeds if no team exists yet, else keeps the local demo key pointing at this run's port. */
  void seed(int port) {
    String mockUrl = "http://localhost:" + port + "/mock/v1";
    if (teams.anyTeam()) {
      followPort(mockUrl);
      return;
    }
    IssuedClient client = jdbi.inTransaction(handle -> {
      providerKeys.create(handle, ACTOR, new CreateProviderKey(Provider.OPENAI, DEMO_KEY,
          openAiKey.isPresent() ? "https://api.openai.com/v1" : mockUrl,
          openAiKey.orElse("sk-tollgate-demo-key-for-the-simulated-upstream"),
          Map.of("environment", "dev"), true, null, null, null, null, null, null, null));
      Team team = teams.create(handle, ACTOR, new CreateTeam(DEMO_TEAM, "Demo team seeded by dev mode", null));
      IssuedClient issued = clients.create(handle, ACTOR, team.id(), new CreateClient(DEMO_CLIENT));
      List<java.util.UUID> allSources = handle.attach(SourceDao.class).allIds();
      Product product = products.create(handle, ACTOR, new CreateProduct(DEMO_PRODUCT, allSources, BigDecimal.ZERO));
      subscriptions.create(handle, ACTOR, new CreateSubscription(team.id(), product.id(), null, null,
          List.of(new QuotaSpec(Unit.COST, Period.MONTH, new BigDecimal("100"), Enforcement.SOFT))));
      return issued;
    });
    Properties props = load();
    props.setProperty("demo_client_id", client.clientId());
    props.setProperty("demo_client_secret", client.clientSecret());
    store(props);
  }

  private void followPort(String mockUrl) {
    if (openAiKey.isPresent()) {
      return;
    }
    jdbi.withExtension(ProviderKeyDao.class, keys -> keys.findByName(DEMO_KEY))
        .filter(key -> LOCAL_MOCK.matcher(key.baseUrl()).matches() && !key.baseUrl().equals(mockUrl))
        .ifPresent(key -> providerKeys.update(ACTOR, key.id(), new ProviderKeyPatch(null, mockUrl, null, null, null, null, null, null, null, null, null, null)));
  }

  /** The block printed on start: where the collector is and the credentials to try it with. */
  void print(PrintStream out, int port, String adminKey) {
    String url = "http://localhost:" + port;
    Properties props = load();
    String clientId = props.getProperty("demo_client_id");
    String secret = props.getProperty("demo_client_secret");
    boolean clientExists = clientId != null
        && jdbi.withExtension(ClientDao.class, c -> c.publicIdExists(clientId));
    StringBuilder b = new StringBuilder();
    b.append('\n').append("=".repeat(72)).append('\n');
    b.append(" Tollgate collector (dev mode: local development only, not for production)\n");
    b.append("=".repeat(72)).append('\n');
    b.append(" Collector URL : ").append(url).append('\n');
    b.append(" Admin key     : ").append(adminKey).append('\n');
    if (clientExists && secret != null) {
      b.append(" Demo team     : ").append(DEMO_TEAM).append(" (product \"").append(DEMO_PRODUCT)
          .append("\", soft monthly cost quota 100)\n");
      b.append(" Client id     : ").append(clientId).append('\n');
      b.append(" Client secret : ").append(secret).append('\n');
      b.append('\n').append(" Try it:\n");
      b.append("   curl -s -X POST ").append(url).append("/v1/auth/token -H 'Content-Type: application/json' \\\n");
      b.append("     -d '{\"grant_type\":\"client_credentials\",\"client_id\":\"").append(clientId)
          .append("\",\"client_secret\":\"").append(secret).append("\"}'\n");
    } else {
      b.append(" Demo client   : not available (the database was not seeded by this data dir)\n");
    }
    b.append("   curl -s ").append(url).append("/v1/admin/teams -H 'Authorization: Bearer ").append(adminKey)
        .append("'\n");
    b.append(" Keys are kept in ").append(secretsFile).append('\n');
    b.append("=".repeat(72)).append('\n');
    out.print(b);
    out.flush();
  }

  private Properties load() {
    Properties props = new Properties();
    if (Files.exists(secretsFile)) {
      try (InputStream in = Files.newInputStream(secretsFile)) {
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + secretsFile, e);
      }
    }
    return props;
  }

  /** Only into a data dir the dev command made: a test app with dev mode on leaves no file behind. */
  private void store(Properties props) {
    if (!Files.isDirectory(secretsFile.getParent())) {
      return;
    }
    try {
      try (OutputStream out = Files.newOutputStream(secretsFile)) {
        props.store(out, "Tollgate dev mode keys (local development only)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + secretsFile, e);
    }
  }
}
