package dev.tollgate.examples.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.TollgateBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** WireMock as OpenAI, answering from the fixtures in {@code fixtures/openai}; and SDK clients for tests. */
public final class Upstream {

  /** The fixture's usage: prompt 1200 (1024 cached), completion 300, model gpt-4o-mini-2024-07-18. */
  public static final String CHAT_FIXTURE = "chat-completion.json";

  private Upstream() {}

  public static String fixture(String name) {
    try {
      return Files.readString(Path.of(System.getProperty("tollgate.fixtures", "../fixtures/openai"), name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers every chat completion with {@link #CHAT_FIXTURE}. */
  public static void answerChat(WireMockServer wireMock) {
    wireMock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody(fixture(CHAT_FIXTURE))));
  }

  public static int chatCalls(WireMockServer wireMock) {
    return wireMock.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/chat/completions")).build()).getCount();
  }

  /** An SDK client of {@code client} with its own spool directory and no shutdown hook. */
  public static TollgateBuilder sdk(String collectorUrl, AdminApi.Client client, Path spool) {
    return Tollgate.builder()
        .collectorUrl(collectorUrl)
        .clientId(client.clientId())
        .clientSecret(client.clientSecret())
        .spoolDirectory(spool)
        .shutdownHook(false)
        .maxRetries(0)
        .collectorRetryInterval(Duration.ofMillis(200));
  }
}
