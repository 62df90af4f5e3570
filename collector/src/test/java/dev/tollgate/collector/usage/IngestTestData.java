package dev.tollgate.collector.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import dev.tollgate.collector.auth.SecretHasher;
import dev.tollgate.collector.testing.TestApps;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * Rows the admin API would create, written directly with SQL as V1 documents them (client
 * secrets hashed with {@link SecretHasher}, provider keys encrypted with
 * {@link ProviderKeyCipher}), plus small HTTP helpers for the client endpoints.
 */
public final class IngestTestData {

  public static final ObjectMapper JSON = TollgateApplication.configureJson(new ObjectMapper());
  private static final SecretHasher HASHER = new SecretHasher(1000);
  private static final ProviderKeyCipher CIPHER = new ProviderKeyCipher(TestApps.ENCRYPTION_KEY);
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  /** A client's credentials. */
  public record ClientCreds(UUID id, UUID teamId, String clientId, String secret) {}

  public final Jdbi jdbi;
  public final String baseUrl;
  public final HttpClient http = HttpClient.newHttpClient();

  public IngestTestData(TollgateConfiguration config, int port) {
    this.jdbi = Jdbi.create(config.getDatabase().getUrl(), config.getDatabase().getUser(),
        config.getDatabase().getPassword()).installPlugin(new PostgresPlugin());
    this.baseUrl = "http://localhost:" + port;
  }

  public UUID providerKey(String name, String apiKey, boolean isDefault) {
    UUID id = UUID.randomUUID();
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO provider_keys (id, provider, name, base_url, api_key_ciphertext, api_key_hint, is_default,
              created_at, updated_at)
            VALUES (:id, 'openai', :name, 'https://api.openai.com/v1', :ct, :hint, :def, :at, :at)""")
        .bind("id", id).bind("name", name).bind("ct", CIPHER.encrypt(apiKey))
        .bind("hint", ProviderKeyCipher.hint(apiKey)).bind("def", isDefault).bind("at", CREATED).execute());
    return id;
  }

  public UUID team(String name, String status, UUID providerKeyId) {
    UUID id = UUID.randomUUID();
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO teams (id, name, status, provider_key_id, created_at, updated_at)
            VALUES (:id, :name, :status, :key, :at, :at)""")
        .bind("id", id).bind("name", name).bind("status", status).bind("key", providerKeyId)
        .bind("at", CREATED).execute());
    return id;
  }

  public ClientCreds client(UUID teamId, String status) {
    UUID id = UUID.randomUUID();
    String clientId = "tg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    String secret = SecretHasher.newSecret();
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO clients (id, team_id, name, client_id, secret_hash, status, created_at, updated_at)
            VALUES (:id, :team, :name, :cid, :hash, :status, :at, :at)""")
        .bind("id", id).bind("team", teamId).bind("name", clientId).bind("cid", clientId)
        .bind("hash", HASHER.hash(secret)).bind("status", status).bind("at", CREATED).execute());
    return new ClientCreds(id, teamId, clientId, secret);
  }

  /** A product including the named sources. */
  public UUID product(String name, String markupPercent, String... sources) {
    UUID id = UUID.randomUUID();
    jdbi.useHandle(h -> {
      h.createUpdate("""
              INSERT INTO products (id, name, markup_percent, created_at, updated_at)
              VALUES (:id, :name, :markup, :at, :at)""")
          .bind("id", id).bind("name", name).bind("markup", new BigDecimal(markupPercent)).bind("at", CREATED)
          .execute();
      h.createUpdate("""
              INSERT INTO product_sources (product_id, source_id)
              SELECT :id, s.id FROM sources s WHERE s.name = ANY(:names)""")
          .bind("id", id).bind("names", sources).execute();
    });
    return id;
  }

  public UUID subscription(UUID teamId, UUID productId, Instant startsAt, Instant expiresAt, String status) {
    UUID id = UUID.randomUUID();
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO subscriptions (id, team_id, product_id, starts_at, expires_at, status, created_at, updated_at)
            VALUES (:id, :team, :product, :starts, :expires, :status, :at, :at)""")
        .bind("id", id).bind("team", teamId).bind("product", productId).bind("starts", startsAt)
        .bind("expires", expiresAt).bind("status", status).bind("at", CREATED).execute());
    return id;
  }

  public UUID quota(UUID subscriptionId, String unit, String period, String limit, String enforcement) {
    UUID id = UUID.randomUUID();
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO quotas (id, subscription_id, unit, period, "limit", enforcement, created_at)
            VALUES (:id, :sub, :unit, :period, :limit, :enf, :at)""")
        .bind("id", id).bind("sub", subscriptionId).bind("unit", unit).bind("period", period)
        .bind("limit", new BigDecimal(limit)).bind("enf", enforcement).bind("at", CREATED).execute());
    return id;
  }

  public void price(String model, String element, String price, String effectiveFrom) {
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO prices (id, model, element, price, per, currency, effective_from, created_at)
            VALUES (:id, :model, :element, :price, :per, 'USD', :from, :at)""")
        .bind("id", UUID.randomUUID()).bind("model", model).bind("element", element)
        .bind("price", new BigDecimal(price))
        .bind("per", element.equals("requests") ? BigDecimal.ONE : BigDecimal.valueOf(1_000_000))
        .bind("from", Instant.parse(effectiveFrom)).bind("at", Instant.now()).execute());
  }

  /** The rating.md price book, effective 2026-01-01. */
  public void ratingExamplePriceBook() {
    String from = "2026-01-01T00:00:00Z";
    price("gpt-3.5-turbo*", "prompt_tokens", "1000", from);
    price("gpt-3.5-turbo*", "completion_tokens", "2000", from);
    price("gpt-4o-mini*", "prompt_tokens", "0.15", from);
    price("gpt-4o-mini*", "cached_prompt_tokens", "0.075", from);
    price("gpt-4o-mini*", "completion_tokens", "0.60", from);
    price("gpt-4o*", "prompt_tokens", "2.50", from);
    price("gpt-4o*", "cached_prompt_tokens", "1.25", from);
    price("gpt-4o*", "completion_tokens", "10.00", from);
    price("o3-mini*", "prompt_tokens", "1.10", from);
    price("o3-mini*", "cached_prompt_tokens", "0.55", from);
    price("o3-mini*", "completion_tokens", "4.40", from);
  }

  /** A team with an active client, a subscription to a product with every source, and the default key. */
  public ClientCreds activeClient(String teamName, String markupPercent) {
    UUID team = team(teamName, "active", null);
    UUID product = product(teamName + " product", markupPercent, "chat.completions", "responses", "embeddings",
        "moderations", "images", "audio", "fine_tuning", "other");
    subscription(team, product, Instant.parse("2026-01-01T00:00:00Z"), null, "active");
    return client(team, "active");
  }

  /** An active team with an active subscription to a chat product. */
  public UUID subscriptionTeam(String name) {
    UUID team = team(name, "active", null);
    subscription(team, product(name + " product", "0", "chat.completions"), Instant.parse("2026-01-01T00:00:00Z"),
        null, "active");
    return team;
  }

  /** The subscription id of a team's only subscription. */
  public UUID subscriptionOf(UUID teamId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id FROM subscriptions WHERE team_id = :t")
        .bind("t", teamId).mapTo(UUID.class).one());
  }

  public String token(ClientCreds c) {
    HttpResponse<String> r = post("/v1/auth/token", null, "{\"grant_type\":\"client_credentials\",\"client_id\":\""
        + c.clientId() + "\",\"client_secret\":\"" + c.secret() + "\"}");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
    }
    return json(r).get("access_token").asText();
  }

  public HttpResponse<String> post(String path, String bearer, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    return send(bearer, b);
  }

  public HttpResponse<String> postBytes(String path, String bearer, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(bearer, b);
  }

  public HttpResponse<String> get(String path, String bearer) {
    return send(bearer, HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path)).GET());
  }

  public HttpResponse<String> put(String path, String bearer, String body) {
    return send(bearer, HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(String bearer, HttpRequest.Builder b) {
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One event as the SDK sends it. */
  public static String event(UUID id, Instant ts, String model, String usageJson) {
    return "{\"id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"endpoint\":\"/v1/chat/completions\","
        + "\"method\":\"POST\",\"request_model\":" + (model == null ? "null" : "\"" + model + "\"")
        + ",\"model\":" + (model == null ? "null" : "\"" + model + "\"") + ",\"status_code\":200,\"latency_ms\":120"
        + (usageJson == null ? "" : ",\"usage\":" + usageJson) + "}";
  }

  public static String batch(String... events) {
    return "{\"events\":[" + String.join(",", Arrays.asList(events)) + "]}";
  }

  public long count(String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }

  public BigDecimal decimal(String sql, Object... args) {
    return jdbi.withHandle(h -> {
      var q = h.createQuery(sql);
      for (int i = 0; i < args.length; i++) {
        q.bind(i, args[i]);
      }
      return q.mapTo(BigDecimal.class).one();
    });
  }
}
