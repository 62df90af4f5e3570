package dev.tollgate.examples;

import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.responses.Response;
import dev.tollgate.sdk.responses.ResponseRequest;

/** The Responses API: instructions plus input, one governed call. */
public final class ResponsesApi {

  private ResponsesApi() {}

  public static void main(String[] args) {
    try (Tollgate tollgate = Tollgate.fromEnvironment()) {
      Response response = tollgate.responses().create(ResponseRequest.builder()
          .model("gpt-4o-mini")
          .instructions("Answer like a finance controller.")
          .input("What is a chargeback report?")
          .maxOutputTokens(80)
          .build());

      System.out.println("model:  " + response.model());
      System.out.println("answer: " + response.outputText());
      if (response.usage() != null) {
        System.out.println("tokens: " + response.usage().inputTokens() + " input + "
            + response.usage().outputTokens() + " output");
      }
    }
  }
}
