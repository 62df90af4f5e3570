package dev.tollgate.examples;

import dev.tollgate.sdk.ResponseStream;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.chat.ChatCompletionRequest;

/**
 * A streamed chat completion, printed as it arrives. The SDK asks the provider for the
 * usage chunk, meters it, and hides it from this loop; closing the stream early (leaving the
 * try block) releases the connection and still meters the call, with estimated usage.
 */
public final class Streaming {

  private Streaming() {}

  public static void main(String[] args) {
    try (Tollgate tollgate = Tollgate.fromEnvironment();
        ResponseStream<ChatCompletionChunk> stream = tollgate.chat().stream(ChatCompletionRequest.builder()
            .model("gpt-4o-mini")
            .addUserMessage("Write three short lines about toll gates.")
            .maxTokens(80)
            .build())) {
      int chunks = 0;
      for (ChatCompletionChunk chunk : stream) {
        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
          if (choice.delta() != null) {
            choice.delta().text().ifPresent(System.out::print);
          }
        }
        chunks++;
      }
      System.out.println();
      System.out.println("chunks: " + chunks);
    }
  }
}
