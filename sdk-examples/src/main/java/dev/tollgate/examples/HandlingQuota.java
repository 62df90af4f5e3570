package dev.tollgate.examples;

import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.chat.ChatCompletionRequest;

/**
 * What an application does when its team's quota is used up: the SDK throws
 * {@link QuotaExceededException} before anything is sent upstream, with the reason and the
 * quota that refused. Here we stop and tell the user when the quota resets.
 */
public final class HandlingQuota {

  private HandlingQuota() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    try (Tollgate tollgate = Tollgate.fromEnvironment()) {
      for (int i = 1; i <= calls; i++) {
        try {
          tollgate.chat().create(ChatCompletionRequest.builder()
              .model("gpt-4o-mini")
              .addUserMessage("Draft tagline number " + i + " for our spring campaign.")
              .maxTokens(40)
              .build());
          System.out.println("call " + i + ": ok");
        } catch (QuotaExceededException e) {
          System.out.println("call " + i + ": refused, reason " + e.reason());
          e.quota().ifPresent(q -> System.out.println("quota: " + q.unit() + " per " + q.period()
              + ", limit " + q.limit().toPlainString() + ", used " + q.used().toPlainString()
              + ", resets at " + q.periodEnd()));
          return;
        }
      }
      System.out.println("all " + calls + " calls admitted");
    }
  }
}
