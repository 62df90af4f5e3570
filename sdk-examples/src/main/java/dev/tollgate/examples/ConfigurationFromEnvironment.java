package dev.tollgate.examples;

import dev.tollgate.sdk.FailMode;
import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import java.time.Duration;

/**
 * The builder: the collector URL and client credentials from the environment
 * ({@code TOLLGATE_URL}, {@code TOLLGATE_CLIENT_ID}, {@code TOLLGATE_CLIENT_SECRET}, or the
 * same names as system properties), the rest set in code, and per-call metadata that travels
 * on the usage event for reports.
 */
public final class ConfigurationFromEnvironment {

  private ConfigurationFromEnvironment() {}

  public static void main(String[] args) {
    try (Tollgate tollgate = Tollgate.builder()
        .fromEnvironment()
        .failMode(FailMode.OPEN)
        .gracePeriod(Duration.ofMinutes(5))
        .maxRetries(2)
        .readTimeout(Duration.ofSeconds(60))
        .defaultRequestOptions(RequestOptions.builder().tag("app", "examples").build())
        .build()) {
      RequestOptions perCall = RequestOptions.builder()
          .traceId("trace-123")
          .endUser("u-42")
          .tag("feature", "summarise")
          .build();
      ChatCompletion completion = tollgate.chat().create(ChatCompletionRequest.builder()
          .model("gpt-4o-mini")
          .addUserMessage("Summarise: Tollgate meters every LLM call.")
          .maxTokens(40)
          .build(), perCall);
      System.out.println("answer: " + completion.firstText().orElse(""));
      System.out.println("metered with trace id trace-123, end user u-42, tags app=examples, feature=summarise");
    }
  }
}
