package dev.tollgate.examples;

import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.chat.ChatCompletion;
import dev.tollgate.sdk.chat.ChatCompletionRequest;

/**
 * One governed chat call. Set {@code TOLLGATE_URL}, {@code TOLLGATE_CLIENT_ID} and
 * {@code TOLLGATE_CLIENT_SECRET} (the {@code dev} collector prints them), then run it.
 */
public final class QuickStart {

  private QuickStart() {}

  public static void main(String[] args) {
    try (Tollgate tollgate = Tollgate.fromEnvironment()) {
      ChatCompletion completion = tollgate.chat().create(ChatCompletionRequest.builder()
          .model("gpt-4o-mini")
          .addSystemMessage("You are a concise assistant.")
          .addUserMessage("In one sentence: why should an enterprise meter its LLM usage?")
          .maxTokens(60)
          .build());

      System.out.println("model:  " + completion.model());
      System.out.println("answer: " + completion.firstText().orElse("(no text)"));
      if (completion.usage() != null) {
        System.out.println("tokens: " + completion.usage().promptTokens() + " prompt + "
            + completion.usage().completionTokens() + " completion");
      }
    }
  }
}
