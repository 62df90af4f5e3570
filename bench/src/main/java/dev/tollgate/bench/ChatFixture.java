package dev.tollgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one chat request every variant sends, in each client's own request type: model
 * {@code gpt-4o-mini}, a system and a user message (about 100 prompt tokens) and
 * {@code max_completion_tokens} 300. All three serialise to the same JSON members.
 */
final class ChatFixture {

  static final String MODEL = "gpt-4o-mini";
  static final String SYSTEM = "You are a terse financial analyst. Answer in one sentence.";
  static final String USER = "Summarise this quarter's results for the board: revenue rose 12% year on year to "
      + "48.2 million, driven by stronger enterprise renewals and two large public-sector contracts; gross "
      + "margin improved from 61% to 64% as hosting costs fell; operating expenses grew 7%, mostly in sales; "
      + "churn fell to 3.1% from 4.0%; cash at the end of the quarter was 112 million with no debt.";
  static final int MAX_COMPLETION_TOKENS = 300;

  /** The Tollgate SDK's request. */
  static final ChatCompletionRequest TOLLGATE = ChatCompletionRequest.builder()
      .model(MODEL)
      .addSystemMessage(SYSTEM)
      .addUserMessage(USER)
      .maxCompletionTokens(MAX_COMPLETION_TOKENS)
      .build();

  /** The plain-OkHttp baseline's request: a map that Jackson writes as the same JSON. */
  static final Map<String, Object> MAP = map();

  /** The official OpenAI Java SDK's request. */
  static final ChatCompletionCreateParams OPENAI = ChatCompletionCreateParams.builder()
      .model(ChatModel.GPT_4O_MINI)
      .addSystemMessage(SYSTEM)
      .addUserMessage(USER)
      .maxCompletionTokens(MAX_COMPLETION_TOKENS)
      .build();

  /** A plain Jackson mapper, as a hand-written client would have. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ChatFixture() {}

  private static Map<String, Object> map() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", MODEL);
    m.put("messages", List.of(
        Map.of("role", "system", "content", SYSTEM),
        Map.of("role", "user", "content", USER)));
    m.put("max_completion_tokens", MAX_COMPLETION_TOKENS);
    return Map.copyOf(m);
  }
}
