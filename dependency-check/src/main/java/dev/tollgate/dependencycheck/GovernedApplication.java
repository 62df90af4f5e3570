package dev.tollgate.dependencycheck;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import okhttp3.OkHttpClient;

/**
 * Compiles against openai-java's own OkHttp client, Tollgate's adapter and OkHttp 5 at once: the
 * application this module stands for keeps both on its class path.
 */
final class GovernedApplication {

  private GovernedApplication() {}

  static OpenAIClient ungoverned() {
    return OpenAIOkHttpClient.builder().apiKey("sk-unused").build();
  }

  static OkHttpClient.Builder okHttp() {
    return new OkHttpClient.Builder();
  }
}
