package dev.tollgate.examples;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.tollgate.langchain4j.TollgateLangChain4j;
import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.Tollgate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LangChain4j AI service with a tool, governed by Tollgate: the only Tollgate line is the
 * model's {@code httpClientBuilder}; there is no API key and no base URL. Both calls the
 * service makes (the one that asks for the tool and the one that answers) are admitted and
 * metered. Set {@code TOLLGATE_URL}, {@code TOLLGATE_CLIENT_ID} and
 * {@code TOLLGATE_CLIENT_SECRET}, then run it.
 */
public final class LangChain4jAssistant {

  private LangChain4jAssistant() {}

  /** The AI service: LangChain4j implements it. */
  interface Assistant {
    String chat(String question);
  }

  /** The tool the model may call. */
  static final class Invoices {
    final AtomicInteger calls = new AtomicInteger();

    @Tool("The total of a customer's open invoices, in euros")
    String openInvoicesTotal(@P("the customer's name") String customer) {
      calls.incrementAndGet();
      return "EUR 12,480.00 in 3 open invoices";
    }
  }

  public static void main(String[] args) {
    try (Tollgate tollgate = Tollgate.fromEnvironment()) {
      ChatModel model = OpenAiChatModel.builder()
          .httpClientBuilder(TollgateLangChain4j.httpClientBuilder(tollgate))
          .modelName("gpt-4o-mini")
          .maxRetries(0) // Tollgate's engine retries
          .build();
      Invoices invoices = new Invoices();
      Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(invoices).build();

      try {
        String answer = assistant.chat("How much does ACME still owe us? Use the invoices tool.");
        System.out.println("answer: " + answer);
        System.out.println("tool calls: " + invoices.calls.get());
      } catch (NonRetriableException e) {
        if (!(e.getCause() instanceof QuotaExceededException refused)) {
          throw e;
        }
        System.out.println("refused, reason " + refused.reason());
      }
    }
  }
}
