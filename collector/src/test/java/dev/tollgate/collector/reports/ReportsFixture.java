package dev.tollgate.collector.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.TollgateApplication;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.auth.AccessTokens;
import dev.tollgate.collector.reports.ReportsTestData.Charge;
import dev.tollgate.collector.reports.ReportsTestData.Client;
import dev.tollgate.collector.reports.ReportsTestData.Event;
import dev.tollgate.collector.reports.ReportsTestData.Product;
import dev.tollgate.collector.reports.ReportsTestData.Team;
import dev.tollgate.collector.testing.TestApps;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A reports test's world: three teams (A with two clients and a 10 % markup product, B and C
 * with one client each), and a few hundred random events over November 2026 with the
 * figures each event carries, plus HTTP helpers.
 */
final class ReportsFixture {

  static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");
  static final List<String> MODELS = List.of("gpt-4o-mini-2024-07-18", "gpt-4o", "o3-mini");
  static final List<String> SOURCES = List.of("chat.completions", "embeddings", "responses");

  final DropwizardAppExtension<TollgateConfiguration> app;
  final ReportsTestData data;
  final ObjectMapper json = TollgateApplication.configureJson(new ObjectMapper());
  final HttpClient http = HttpClient.newHttpClient();
  final Random random;
  final List<Event> events = new ArrayList<>();
  Team teamA;
  Team teamB;
  Team teamC;
  Client a1;
  Client a2;
  Client b1;
  Client c1;
  Product gateway;

  ReportsFixture(DropwizardAppExtension<TollgateConfiguration> app, long seed) {
    this.app = app;
    this.data = new ReportsTestData(app.getConfiguration());
    this.random = new Random(seed);
  }

  /** Creates the teams and clients and records {@code count} random November events. */
  ReportsFixture load(int count) {
    teamA = data.team("Alpha " + random.nextInt(1_000_000));
    teamB = data.team("Bravo " + random.nextInt(1_000_000));
    teamC = data.team("Charlie " + random.nextInt(1_000_000));
    a1 = data.client(teamA, "alpha-app");
    a2 = data.client(teamA, "alpha-batch");
    b1 = data.client(teamB, "bravo-app");
    c1 = data.client(teamC, "charlie-app");
    gateway = data.product("Gateway " + random.nextInt(1_000_000), "10");
    List<Event> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(randomEvent(randomInstant(NOV, DEC)));
    }
    record(batch);
    return this;
  }

  void record(List<Event> batch) {
    data.record(batch);
    events.addAll(batch);
  }

  Instant randomInstant(Instant from, Instant to) {
    long span = Duration.between(from, to).toNanos() / 1000;
    return from.plusNanos((long) (random.nextDouble() * span) * 1000);
  }

  Event randomEvent(Instant ts) {
    Client client = List.of(a1, a1, a2, b1, c1).get(random.nextInt(5));
    boolean error = random.nextInt(8) == 0;
    boolean unpriced = !error && random.nextInt(25) == 0;
    String model = unpriced ? "unpriced-finetune" : MODELS.get(random.nextInt(MODELS.size()));
    boolean noAnswer = error && random.nextBoolean();
    long prompt = error ? 0 : 1 + random.nextInt(5000);
    long cached = error || random.nextBoolean() ? 0 : random.nextInt((int) prompt + 1);
    long completion = error ? 0 : random.nextInt(2000);
    long reasoning = completion == 0 || !model.startsWith("o3") ? 0 : random.nextInt((int) completion + 1);
    BigDecimal factor = BigDecimal.valueOf(1 + MODELS.indexOf(model));
    BigDecimal million = new BigDecimal("1000000");
    List<Charge> charges = new ArrayList<>();
    if (error) {
      charges.add(new Charge("requests", 1, new BigDecimal("0.001"), BigDecimal.ONE));
    } else if (!unpriced) {
      charges.add(new Charge("prompt_tokens", prompt - cached, new BigDecimal("0.15").multiply(factor), million));
      if (cached > 0) {
        charges.add(new Charge("cached_prompt_tokens", cached, new BigDecimal("0.075").multiply(factor), million));
      }
      charges.add(new Charge("completion_tokens", completion, new BigDecimal("0.60").multiply(factor), million));
    }
    Integer ttft = random.nextBoolean() ? 5 + random.nextInt(400) : null;
    return new Event(UUID.randomUUID(), ts, client, SOURCES.get(random.nextInt(SOURCES.size())), model,
        noAnswer ? null : model, error ? List.of(429, 500, 400).get(random.nextInt(3)) : 200,
        10 + random.nextInt(3000), ttft, "user-" + random.nextInt(6),
        random.nextBoolean() ? Map.of("feature", "f" + random.nextInt(3)) : Map.of(),
        prompt, cached, completion, reasoning, client.team() == teamA ? gateway : null, charges,
        random.nextInt(20) == 0, "USD");
  }

  String clientToken(Client client) {
    return new AccessTokens(TestApps.TOKEN_SIGNING_KEY, Duration.ofMinutes(15), Clock.systemUTC())
        .issue(client.team().id(), client.id(), client.publicId()).token();
  }

  HttpResponse<String> get(String pathAndQuery) {
    return get(pathAndQuery, TestApps.ADMIN_KEY);
  }

  HttpResponse<String> get(String pathAndQuery, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://localhost:" + app.getLocalPort() + "/v1/reports/" + pathAndQuery)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode getJson(String pathAndQuery) {
    return getJson(pathAndQuery, TestApps.ADMIN_KEY);
  }

  JsonNode getJson(String pathAndQuery, String bearer) {
    HttpResponse<String> response = get(pathAndQuery, bearer);
    assertThat(response.statusCode()).as(pathAndQuery + " -> " + response.body()).isEqualTo(200);
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String iso(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).toInstant().toString();
  }
}
