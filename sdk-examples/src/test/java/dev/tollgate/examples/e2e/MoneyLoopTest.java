package dev.tollgate.examples.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.tollgate.examples.e2e.AdminApi.quota;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.tollgate.collector.config.TollgateConfiguration;
import dev.tollgate.collector.testing.TestApps;
import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.UpstreamConnectionException;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The money loop: calls of known token counts (WireMock answers with the fixture) through the
 * SDK, and the transaction log, usage report and chargeback equal what the test computes from
 * the prices it put into the book, to the digit; a hard cost quota stops calls before the
 * upstream (default quota lease lifetime, 10 s).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MoneyLoopTest {

  static final DropwizardAppExtension<TollgateConfiguration> APP =
      TestApps.app(c -> c.setClientSecretHashIterations(1000));
  static final WireMockServer UPSTREAM = new WireMockServer(options().dynamicPort());

  private static final int CALLS = 7;
  private static final BigDecimal PROMPT = new BigDecimal("150");
  private static final BigDecimal CACHED = new BigDecimal("75");
  private static final BigDecimal COMPLETION = new BigDecimal("600");
  private static final BigDecimal PER = new BigDecimal("1000000");
  private static final BigDecimal MARKUP_PERCENT = new BigDecimal("10");

  @BeforeAll
  static void startUpstream() {
    UPSTREAM.start();
  }

  @AfterAll
  static void stopUpstream() {
    UPSTREAM.stop();
  }

  /** About 1200 tokens, as many as the fixture reports, so that the SDK's estimate is honest. */
  private static final String LONG_PROMPT = "word ".repeat(1200);

  private static AdminApi admin;
  private static String product;

  @BeforeAll
  static void priceBook() {
    admin = new AdminApi("http://localhost:" + APP.getLocalPort());
    String since = Instant.now().minus(1, ChronoUnit.DAYS).toString();
    admin.put("/v1/admin/prices", Map.of("prices", List.of(
        price("prompt_tokens", PROMPT, since), price("cached_prompt_tokens", CACHED, since),
        price("completion_tokens", COMPLETION, since))));
    product = admin.product("Money loop", MARKUP_PERCENT.toPlainString());
    Upstream.answerChat(UPSTREAM);
  }

  @Test
  void reportsChargeExactlyWhatThePriceBookSays(@TempDir Path spool) {
    AdminApi.Client client = clientOfNewTeam("Finance check", List.of());
    String team = client.teamId();
    int before = Upstream.chatCalls(UPSTREAM);

    try (Tollgate tollgate = Upstream.sdk(admin.baseUrl(), client, spool).build()) {
      for (int i = 0; i < CALLS; i++) {
        tollgate.chat().create(request("question " + i));
      }
    }

    BigDecimal subtotal = subtotal();
    BigDecimal perCall = perCall();
    BigDecimal total = perCall.multiply(BigDecimal.valueOf(CALLS));
    assertThat(perCall).isEqualByComparingTo("0.31152");
    assertThat(Upstream.chatCalls(UPSTREAM) - before).isEqualTo(CALLS);

    JsonNode log = admin.get("/v1/reports/transactions", AdminApi.range(Map.of("team_id", team))).path("items");
    assertThat(log).hasSize(CALLS);
    for (JsonNode t : log) {
      assertThat(t.path("team").asText()).isEqualTo("Finance check");
      assertThat(t.path("client").asText()).isEqualTo(client.clientId());
      assertThat(t.path("client_name").asText()).isEqualTo("billing-app");
      assertThat(t.path("model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
      assertThat(t.path("prompt_tokens").asLong()).isEqualTo(1200);
      assertThat(t.path("cached_prompt_tokens").asLong()).isEqualTo(1024);
      assertThat(t.path("completion_tokens").asLong()).isEqualTo(300);
      assertThat(new BigDecimal(t.path("total_cost").asText())).isEqualByComparingTo(perCall);
      assertThat(t.path("currency").asText()).isEqualTo("USD");
    }
    JsonNode detail = admin.get("/v1/reports/transactions/" + log.get(0).path("id").asText(), Map.of());
    assertThat(detail.path("charges")).extracting(c -> c.path("element").asText() + "=" + amount(c.path("amount")))
        .containsExactly("prompt_tokens=" + line(176, PROMPT).stripTrailingZeros().toPlainString(),
            "cached_prompt_tokens=" + line(1024, CACHED).stripTrailingZeros().toPlainString(),
            "completion_tokens=" + line(300, COMPLETION).stripTrailingZeros().toPlainString());
    assertThat(new BigDecimal(detail.path("markup").asText())).isEqualByComparingTo(perCall.subtract(subtotal));

    JsonNode usage = admin.get("/v1/reports/usage", AdminApi.range(Map.of("team_id", team, "group_by", "team,model")))
        .path("items");
    assertThat(usage).singleElement().satisfies(u -> {
      assertThat(u.path("requests").asLong()).isEqualTo(CALLS);
      assertThat(u.path("errors").asLong()).isZero();
      assertThat(u.path("prompt_tokens").asLong()).isEqualTo(1200L * CALLS);
      assertThat(u.path("cached_prompt_tokens").asLong()).isEqualTo(1024L * CALLS);
      assertThat(u.path("completion_tokens").asLong()).isEqualTo(300L * CALLS);
      assertThat(u.path("total_tokens").asLong()).isEqualTo(1500L * CALLS);
      assertThat(new BigDecimal(u.path("cost").asText())).isEqualByComparingTo(total);
    });

    YearMonth month = YearMonth.now(ZoneOffset.UTC);
    JsonNode chargeback = admin.get("/v1/reports/chargeback", Map.of("month", month.toString(), "team_id", team));
    BigDecimal cents = total.setScale(2, RoundingMode.HALF_EVEN);
    assertThat(chargeback.path("teams")).singleElement().satisfies(t -> {
      assertThat(new BigDecimal(t.path("total").asText())).isEqualByComparingTo(cents);
      assertThat(t.path("lines")).singleElement().satisfies(l -> {
        assertThat(l.path("product").asText()).isEqualTo("Money loop");
        assertThat(l.path("requests").asLong()).isEqualTo(CALLS);
        assertThat(l.path("prompt_tokens").asLong()).isEqualTo(1200L * CALLS);
        assertThat(l.path("completion_tokens").asLong()).isEqualTo(300L * CALLS);
        assertThat(new BigDecimal(l.path("cost").asText())).isEqualByComparingTo(cents);
      });
    });
  }

  @Test
  void aHardCostQuotaStopsCallsBeforeTheUpstream(@TempDir Path spool) {
    BigDecimal limit = new BigDecimal("3.00");
    AdminApi.Client client = clientOfNewTeam("Cost capped", List.of(quota("cost", "month", limit.toPlainString(), "hard")));
    int before = Upstream.chatCalls(UPSTREAM);
    int ok = 0;
    QuotaExceededException refusal = null;
    try (Tollgate tollgate = Upstream.sdk(admin.baseUrl(), client, spool).build()) {
      for (int i = 0; i < 40 && refusal == null; i++) {
        try {
          tollgate.chat().create(request(LONG_PROMPT + i));
          ok++;
        } catch (QuotaExceededException e) {
          refusal = e;
        }
      }
    }

    assertThat(refusal).as("refused within 40 calls").isNotNull();
    assertThat(refusal.reason()).isEqualTo("quota_exceeded");
    assertThat(refusal.quota()).hasValueSatisfying(q -> {
      assertThat(q.unit()).isEqualTo("cost");
      assertThat(q.limit()).isEqualByComparingTo(limit);
    });
    assertThat(Upstream.chatCalls(UPSTREAM) - before).as("upstream calls: the refused one never went out").isEqualTo(ok);
    BigDecimal charged = perCall().multiply(BigDecimal.valueOf(ok));
    assertThat(admin.usageSum(client.teamId(), "requests")).isEqualTo(ok);
    assertThat(ok).isPositive();
    assertThat(charged).as("admission reserves each call's upper bound, so the hard quota holds")
        .isLessThanOrEqualTo(limit);
  }

  /** A call that never got an answer is metered with status_code 0, and the collector accepts it. */
  @Test
  void aConnectionFailureIsMeteredAsOneFailedRequest(@TempDir Path spool) {
    String team = admin.team("Broken upstream");
    admin.subscribe(team, admin.product("Connection failures", "0"), List.of());
    admin.providerKeyFor(team, "reset", UPSTREAM.baseUrl() + "/reset/v1");
    AdminApi.Client client = admin.client(team, "unlucky-app");
    UPSTREAM.stubFor(post(urlEqualTo("/reset/v1/chat/completions"))
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    try (Tollgate tollgate = Upstream.sdk(admin.baseUrl(), client, spool).build()) {
      assertThatThrownBy(() -> tollgate.chat().create(request("hello")))
          .isInstanceOf(UpstreamConnectionException.class);
    }

    JsonNode log = admin.get("/v1/reports/transactions", AdminApi.range(Map.of("team_id", team))).path("items");
    assertThat(log).singleElement().satisfies(t -> {
      assertThat(t.path("status_code").asInt()).isZero();
      assertThat(t.path("prompt_tokens").asLong()).isZero();
      assertThat(new BigDecimal(t.path("total_cost").asText())).isZero();
    });
    assertThat(admin.usageSum(team, "requests")).isEqualTo(1);
  }

  private static AdminApi.Client clientOfNewTeam(String name, List<Map<String, Object>> quotas) {
    String team = admin.team(name);
    admin.subscribe(team, product, quotas);
    admin.providerKeyFor(team, "wiremock-" + team, UPSTREAM.baseUrl() + "/v1");
    return admin.client(team, "billing-app");
  }

  /** The fixture's call before markup: prompt 1200 of which 1024 cached, completion 300. */
  private static BigDecimal subtotal() {
    return line(1200 - 1024, PROMPT).add(line(1024, CACHED)).add(line(300, COMPLETION));
  }

  private static BigDecimal perCall() {
    return subtotal().add(subtotal().multiply(MARKUP_PERCENT).divide(new BigDecimal("100")));
  }

  static ChatCompletionRequest request(String text) {
    return ChatCompletionRequest.builder().model("gpt-4o-mini").addUserMessage(text).maxTokens(300).build();
  }

  private static Map<String, Object> price(String element, BigDecimal price, String since) {
    return Map.of("model", "gpt-4o-mini*", "element", element, "price", price.toPlainString(),
        "per", PER.toPlainString(), "currency", "USD", "effective_from", since);
  }

  private static BigDecimal line(long quantity, BigDecimal price) {
    return BigDecimal.valueOf(quantity).multiply(price).divide(PER);
  }

  private static String amount(JsonNode amount) {
    return new BigDecimal(amount.asText()).stripTrailingZeros().toPlainString();
  }
}
