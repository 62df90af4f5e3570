package dev.tollgate.examples.officeday;

import dev.tollgate.sdk.QuotaExceededException;
import dev.tollgate.sdk.RequestOptions;
import dev.tollgate.sdk.ResponseStream;
import dev.tollgate.sdk.Tollgate;
import dev.tollgate.sdk.TollgateException;
import dev.tollgate.sdk.chat.ChatCompletionChunk;
import dev.tollgate.sdk.chat.ChatCompletionRequest;
import dev.tollgate.sdk.embeddings.EmbeddingRequest;
import dev.tollgate.sdk.responses.ResponseRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A working day compressed into seconds: every application calls concurrently through its
 * own Tollgate client, exactly as production code would.
 */
final class Traffic {

  private static final String[] TOPICS = {
    "the quarterly newsletter", "a product launch", "a customer complaint", "onboarding new staff",
    "the travel policy", "a supplier contract", "the security review", "the holiday schedule"};

  /** What happened to each application's calls. */
  record Outcome(String team, String app, int ok, int refused, int failed, String refusal) {}

  private final String collectorUrl;
  private final Path spoolRoot;
  private final AtomicInteger done = new AtomicInteger();
  private final Map<String, String> refusals = new ConcurrentHashMap<>();

  Traffic(String collectorUrl, Path spoolRoot) {
    this.collectorUrl = collectorUrl;
    this.spoolRoot = spoolRoot;
  }

  List<Outcome> run(List<Office.App> apps, PrintStream progress) throws Exception {
    int total = apps.stream().mapToInt(Office.App::calls).sum();
    ExecutorService pool = Executors.newFixedThreadPool(apps.size());
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Office.App app : apps) {
      futures.add(pool.submit(() -> runApp(app)));
    }
    pool.shutdown();
    while (!pool.awaitTermination(500, TimeUnit.MILLISECONDS)) {
      printProgress(progress, total);
    }
    printProgress(progress, total);
    progress.println();
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> f : futures) {
      outcomes.add(f.get());
    }
    return outcomes;
  }

  private void printProgress(PrintStream out, int total) {
    int n = done.get();
    int width = 40;
    int filled = total == 0 ? width : n * width / total;
    out.printf("\r  [%s%s] %d/%d calls%s", "#".repeat(filled), ".".repeat(width - filled), n, total,
        refusals.isEmpty() ? "" : "   refused: " + String.join(", ", refusals.keySet()));
    out.flush();
  }

  private Outcome runApp(Office.App app) {
    int ok = 0;
    int refused = 0;
    int failed = 0;
    String refusal = null;
    try (Tollgate tollgate = Tollgate.builder()
        .collectorUrl(collectorUrl)
        .clientId(app.clientId())
        .clientSecret(app.clientSecret())
        .spoolDirectory(spoolRoot.resolve(app.name()))
        .defaultRequestOptions(RequestOptions.builder().tag("app", app.name()).build())
        .build()) {
      for (int i = 0; i < app.calls(); i++) {
        try {
          call(tollgate, app, i);
          ok++;
        } catch (QuotaExceededException e) {
          refused++;
          refusal = refusal(e);
          refusals.put(app.team(), e.reason());
        } catch (TollgateException e) {
          failed++;
        } finally {
          done.incrementAndGet();
        }
      }
    }
    return new Outcome(app.team(), app.name(), ok, refused, failed, refusal);
  }

  /** The refusal's reason and, when a quota refused, which one: {@code quota_exceeded: cost quota 0.20 per month, 0.1987 used}. */
  static String refusal(QuotaExceededException e) {
    return e.quota().map(q -> e.reason() + ": " + q.unit() + " quota " + q.limit().stripTrailingZeros().toPlainString()
        + " per " + q.period() + ", " + q.used().stripTrailingZeros().toPlainString() + " used").orElse(e.reason());
  }

  private static void call(Tollgate tollgate, Office.App app, int i) {
    String topic = TOPICS[i % TOPICS.length];
    RequestOptions options = RequestOptions.builder().endUser("employee-" + (i % 7)).build();
    switch (app.workload()) {
      case CHAT -> tollgate.chat().create(ChatCompletionRequest.builder()
          .model(app.model())
          .addSystemMessage("You write upbeat marketing copy. The brand guide, past campaigns and their results follow."
              + Documents.about("the brand guide and " + topic, 16000))
          .addUserMessage("Write a short post about " + topic + ".")
          .maxTokens(120)
          .build(), options);
      case STREAMING_CHAT -> {
        try (ResponseStream<ChatCompletionChunk> stream = tollgate.chat().stream(ChatCompletionRequest.builder()
            .model(app.model())
            .addSystemMessage("Answer from these helpdesk articles." + Documents.about("helpdesk articles on " + topic,
                1500))
            .addUserMessage("A customer asks about " + topic + ". Answer briefly.")
            .maxTokens(100)
            .build(), options)) {
          stream.forEach(chunk -> { });
        }
      }
      case REASONING -> tollgate.chat().create(ChatCompletionRequest.builder()
          .model(app.model())
          .addUserMessage("Think step by step: what are the risks of " + topic + "? The incident reports follow."
              + Documents.about("incident reports on " + topic, 2000))
          .maxCompletionTokens(4000)
          .build(), options);
      case RESPONSES -> tollgate.responses().create(ResponseRequest.builder()
          .model(app.model())
          .instructions("You are a research assistant. The papers the search found follow."
              + Documents.about("papers on " + topic, 5000))
          .input("Summarise recent findings on " + topic + ".")
          .maxOutputTokens(200)
          .build(), options);
      case EMBEDDINGS -> tollgate.embeddings().create(EmbeddingRequest.builder()
          .model(app.model())
          .input(List.of("Document " + i + " about " + topic + Documents.about("section " + i % 50, 500),
              "Section " + i + " appendix" + Documents.about("appendix " + i % 50, 300)))
          .build(), options);
    }
  }
}
