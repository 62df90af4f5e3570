package dev.tollgate.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.ClientOptions;
import com.openai.services.blocking.AdminService;
import com.openai.services.blocking.AudioService;
import com.openai.services.blocking.BatchService;
import com.openai.services.blocking.BetaService;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.CompletionService;
import com.openai.services.blocking.ContainerService;
import com.openai.services.blocking.ContentProvenanceCheckService;
import com.openai.services.blocking.ConversationService;
import com.openai.services.blocking.EmbeddingService;
import com.openai.services.blocking.EvalService;
import com.openai.services.blocking.FileService;
import com.openai.services.blocking.FineTuningService;
import com.openai.services.blocking.GraderService;
import com.openai.services.blocking.ImageService;
import com.openai.services.blocking.ModelService;
import com.openai.services.blocking.ModerationService;
import com.openai.services.blocking.RealtimeService;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.SkillService;
import com.openai.services.blocking.UploadService;
import com.openai.services.blocking.VectorStoreService;
import com.openai.services.blocking.VideoService;
import com.openai.services.blocking.WebhookService;
import java.util.function.Consumer;

/**
 * The synchronous client handed out: openai-java's own, whose {@link #async()} and
 * {@link #withOptions} hand out clients whose futures cancel their call
 * ({@link AsyncCancellation}). Its services are openai-java's, reached with a plain method call:
 * a synchronous call has no future to cancel, so nothing stands between the application and
 * openai-java (an earlier dynamic proxy here cost a reflective call per service lookup).
 */
final class GovernedClient implements OpenAIClient {

  private final OpenAIClient client;
  private final AsyncCancellation cancellation;

  GovernedClient(OpenAIClient client, AsyncCancellation cancellation) {
    this.client = client;
    this.cancellation = cancellation;
  }

  @Override
  public OpenAIClientAsync async() {
    return cancellation.wrap(client.async());
  }

  @Override
  public OpenAIClient.WithRawResponse withRawResponse() {
    return client.withRawResponse();
  }

  @Override
  public OpenAIClient withOptions(Consumer<ClientOptions.Builder> modifier) {
    return new GovernedClient(client.withOptions(cancellation.keepingCredential(modifier)), cancellation);
  }

  @Override
  public CompletionService completions() {
    return client.completions();
  }

  @Override
  public ChatService chat() {
    return client.chat();
  }

  @Override
  public EmbeddingService embeddings() {
    return client.embeddings();
  }

  @Override
  public FileService files() {
    return client.files();
  }

  @Override
  public ImageService images() {
    return client.images();
  }

  @Override
  public ContentProvenanceCheckService contentProvenanceChecks() {
    return client.contentProvenanceChecks();
  }

  @Override
  public AudioService audio() {
    return client.audio();
  }

  @Override
  public ModerationService moderations() {
    return client.moderations();
  }

  @Override
  public ModelService models() {
    return client.models();
  }

  @Override
  public FineTuningService fineTuning() {
    return client.fineTuning();
  }

  @Override
  public GraderService graders() {
    return client.graders();
  }

  @Override
  public VectorStoreService vectorStores() {
    return client.vectorStores();
  }

  @Override
  public WebhookService webhooks() {
    return client.webhooks();
  }

  @Override
  public BetaService beta() {
    return client.beta();
  }

  @Override
  public BatchService batches() {
    return client.batches();
  }

  @Override
  public UploadService uploads() {
    return client.uploads();
  }

  @Override
  public AdminService admin() {
    return client.admin();
  }

  @Override
  public ResponseService responses() {
    return client.responses();
  }

  @Override
  public RealtimeService realtime() {
    return client.realtime();
  }

  @Override
  public ConversationService conversations() {
    return client.conversations();
  }

  @Override
  public EvalService evals() {
    return client.evals();
  }

  @Override
  public ContainerService containers() {
    return client.containers();
  }

  @Override
  public SkillService skills() {
    return client.skills();
  }

  @Override
  public VideoService videos() {
    return client.videos();
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return client.toString();
  }
}
