package dev.tollgate.sdk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** No secret ever reaches a log line, at any level, on success or failure paths. */
class SecretLoggingTest extends SdkTestBase {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Logger root;
  private Level previous;

  @BeforeEach
  void captureLogs() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    previous = root.getLevel();
    root.setLevel(Level.TRACE);
    ((Logger) LoggerFactory.getLogger("dev.tollgate")).setLevel(Level.TRACE);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
    root.setLevel(previous);
    ((Logger) LoggerFactory.getLogger("dev.tollgate")).setLevel(Level.WARN);
  }

  @Test
  void secretsNeverAppearInLogs() {
    client(b -> b.failMode(FailMode.OPEN));
    tollgate.chat().create(chatRequest());
    // ahead-of-expiry refresh, upstream 401 with key refetch, retries, collector outage
    clock.advance(Duration.ofSeconds(850));
    tollgate.chat().create(chatRequest());
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(401)
        .withBody(Fixtures.read("error-401.json"))));
    assertThatThrownBy(() -> tollgate.chat().create(chatRequest())).isInstanceOf(UpstreamAuthenticationException.class);
    collector.resetAll();
    collector.stubFor(post(urlPathMatching("/v1/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    clock.advance(Duration.ofMinutes(20));
    upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(fixture("chat-completion.json")));
    tollgate.chat().create(chatRequest());
    collector.stubFor(post(urlEqualTo("/v1/auth/token")).willReturn(aResponse().withStatus(401)));
    tollgate.close();

    String logs = appender.list.stream()
        .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
        .collect(Collectors.joining("\n"));
    assertThat(appender.list).isNotEmpty();
    assertThat(logs).contains("Obtained Tollgate credentials");
    assertThat(logs).doesNotContain(CLIENT_SECRET, API_KEY_1, API_KEY_2, ACCESS_TOKEN_1, ACCESS_TOKEN_2);
  }

  /**
   * Issue 11: an HttpLoggingInterceptor installed through the documented okHttpClient(...) hook
   * printed the client secret, the access token and the leased provider key.
   */
  @Test
  void theApplicationsOkHttpInterceptorsAndListenersSeeNoSecret() {
    java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    okhttp3.logging.HttpLoggingInterceptor logging = new okhttp3.logging.HttpLoggingInterceptor(seen::add);
    logging.setLevel(okhttp3.logging.HttpLoggingInterceptor.Level.BODY);
    okhttp3.OkHttpClient application = new okhttp3.OkHttpClient.Builder()
        .addInterceptor(logging)
        .addNetworkInterceptor(chain -> {
          seen.add(chain.request().headers().toString());
          return chain.proceed(chain.request());
        })
        .eventListener(new okhttp3.EventListener() {
          @Override
          public void requestHeadersEnd(okhttp3.Call call, okhttp3.Request request) {
            seen.add(request.headers().toString());
          }
        })
        .build();
    client(b -> b.okHttpClient(application));

    tollgate.chat().create(chatRequest());
    tollgate.models().list();

    assertThat(upstream.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
        urlEqualTo("/v1/chat/completions")))).singleElement()
        .satisfies(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + API_KEY_1));
    assertThat(String.join("\n", seen)).doesNotContain(CLIENT_SECRET, API_KEY_1, ACCESS_TOKEN_1);
  }

  @Test
  void exceptionMessagesCarryNoSecretEither() {
    client();
    collector.stubFor(post(urlEqualTo("/v1/auth/token")).willReturn(aResponse().withStatus(401)));
    assertThatThrownBy(() -> tollgate.chat().create(chatRequest()))
        .isInstanceOf(AuthenticationException.class)
        .satisfies(t -> assertThat(t.toString()).doesNotContain(CLIENT_SECRET));
  }
}
