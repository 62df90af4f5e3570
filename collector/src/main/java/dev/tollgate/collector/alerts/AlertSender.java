package dev.tollgate.collector.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.auth.ProviderKeyCipher;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works off the outbox: claims one due delivery at a time (any number of instances may run a
 * sender; a claim skips rows another instance holds), sends it, and records the outcome. A
 * failure is retried after a backoff that doubles from {@code initialBackoff} up to
 * {@code maxBackoff}; once {@code giveUpAfter} has passed since the delivery was queued it is
 * marked {@code failed}, with a warning in the log. Every time comes from the injected clock,
 * so tests drive {@link #runOnce()} and move the clock instead of waiting.
 */
public final class AlertSender implements Managed {

  /**
   * How the sender works: whether this instance runs one, how often it looks when idle, the
   * backoff, when it gives up, one request's timeout, how long a claim lasts, and how many
   * deliveries one pass works off.
   */
  public record Settings(boolean enabled, Duration pollInterval, Duration initialBackoff, Duration maxBackoff,
      Duration giveUpAfter, Duration requestTimeout, Duration claimTimeout, int batchSize) {}

  private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final ProviderKeyCipher cipher;
  private final ObjectMapper json;
  private final Transport transport;
  private final Settings config;
  private final Semaphore signal = new Semaphore(0);
  private volatile boolean running;
  private ExecutorService thread;

  public AlertSender(Jdbi jdbi, Clock clock, ProviderKeyCipher cipher, ObjectMapper json, Settings config) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
    this.json = json;
    this.config = config;
    this.transport = new Transport(config.requestTimeout());
  }

  /** Sends what is due now, at most {@code batchSize} deliveries; returns how many were attempted. */
  public int runOnce() {
    Duration claimTimeout = config.claimTimeout();
    int attempted = 0;
    while (attempted < config.batchSize()) {
      Instant now = clock.instant();
      Optional<DeliveryDao.Claim> claim = jdbi.withExtension(DeliveryDao.class,
          deliveries -> deliveries.claim(now, now.plus(claimTimeout)));
      if (claim.isEmpty()) {
        break;
      }
      finish(claim.get(), attempt(claim.get()));
      attempted++;
    }
    return attempted;
  }

  /** Makes a waiting sender look at the outbox now. */
  public void wake() {
    signal.release();
  }

  @Override
  public void start() {
    if (!config.enabled()) {
      return;
    }
    running = true;
    thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "alert-sender");
      t.setDaemon(true);
      return t;
    });
    thread.execute(this::loop);
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      wake();
      thread.shutdown();
      thread.awaitTermination(config.requestTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
    }
  }

  private void loop() {
    long poll = config.pollInterval().toMillis();
    while (running) {
      try {
        if (runOnce() < config.batchSize()) {
          signal.tryAcquire(poll, TimeUnit.MILLISECONDS);
          signal.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("Alert sender pass failed, trying again in {} ms: {}", poll, e.toString());
        sleep(poll);
      }
    }
  }

  private void sleep(long millis) {
    try {
      signal.tryAcquire(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Sends the claimed delivery; the error to record, or empty when every request was answered 2xx. */
  private Optional<String> attempt(DeliveryDao.Claim c) {
    if (channelGone(c)) {
      return Optional.of(c.deleted() ? "channel deleted" : "channel disabled");
    }
    URI url;
    String secret;
    try {
      url = URI.create(cipher.decrypt(c.urlCiphertext()));
      secret = c.secretCiphertext() == null ? null : cipher.decrypt(c.secretCiphertext());
    } catch (RuntimeException e) {
      return Optional.of("the channel's URL or secret cannot be decrypted (was the encryption key changed?)");
    }
    try {
      for (JsonNode payload : payloads(c)) {
        byte[] body = body(c, payload);
        Transport.Answer answer = transport.post(url, headers(c, payload, body, secret), body);
        if (!answer.ok()) {
          return Optional.of("HTTP " + answer.status()
              + (answer.bodyStart().isEmpty() ? "" : ": " + answer.bodyStart()));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(describe(e, url, c.urlHint()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while sending");
    }
  }

  private List<JsonNode> payloads(DeliveryDao.Claim c) throws JsonProcessingException {
    if (c.payload() != null) {
      return List.of(json.readTree(c.payload()));
    }
    List<JsonNode> samples = new ArrayList<>();
    json.readTree(c.samples()).forEach(samples::add);
    return samples;
  }

  private Map<String, String> headers(DeliveryDao.Claim c, JsonNode payload, byte[] body, String secret) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (ChannelType.fromWire(c.channelType()) == ChannelType.WEBHOOK) {
      headers.put(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant().getEpochSecond(), body));
      headers.put("Tollgate-Alert-Id", payload.path("id").asText());
      if (c.alertId() == null) {
        headers.put("Tollgate-Test", "true");
      }
    }
    return headers;
  }

  private byte[] body(DeliveryDao.Claim c, JsonNode payload) {
    return switch (ChannelType.fromWire(c.channelType())) {
      // An alert's stored text exactly (JSON keeps it as written), so every retry signs the same bytes.
      case WEBHOOK -> (c.payload() != null ? c.payload() : payload.toString()).getBytes(StandardCharsets.UTF_8);
      case SLACK -> SlackMessage.of(json, payload, c.alertId() == null).getBytes(StandardCharsets.UTF_8);
    };
  }

  private void finish(DeliveryDao.Claim c, Optional<String> error) {
    Instant now = clock.instant();
    jdbi.useExtension(DeliveryDao.class, deliveries -> {
      if (error.isEmpty()) {
        deliveries.delivered(c.id(), c.attempts(), now);
      } else if (channelGone(c) || !now.isBefore(c.createdAt().plus(config.giveUpAfter()))) {
        String reason = channelGone(c) ? error.get() : "gave up after " + words(config.giveUpAfter()) + " and "
            + c.attempts() + (c.attempts() == 1 ? " attempt" : " attempts") + "; last error: " + error.get();
        deliveries.failed(c.id(), c.attempts(), reason);
        LOG.warn("Alert delivery {} to channel {} ({}) failed for good: {}", c.id(), c.channelId(), c.urlHint(),
            reason);
      } else {
        deliveries.retryLater(c.id(), c.attempts(), now.plus(backoff(c.attempts())), error.get());
      }
    });
  }

  /** A deleted channel, or a disabled one for an alert (a test send still goes): no retry can help. */
  private static boolean channelGone(DeliveryDao.Claim c) {
    return c.deleted() || !c.enabled() && c.alertId() != null;
  }

  /** {@code initialBackoff x 2^(attempts - 1)}, at most {@code maxBackoff}. */
  Duration backoff(int attempts) {
    Duration initial = config.initialBackoff();
    Duration max = config.maxBackoff();
    int doublings = Math.min(Math.max(attempts - 1, 0), 30);
    Duration wait = initial.multipliedBy(1L << doublings);
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /** {@code 24 hours}, {@code 90 minutes}, {@code 45 seconds}. */
  static String words(Duration d) {
    if (d.toSeconds() % 3600 == 0) {
      return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }
    if (d.toSeconds() % 60 == 0) {
      return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
    }
    return d.toSeconds() + (d.toSeconds() == 1 ? " second" : " seconds");
  }

  /** An I/O failure in words, never with the URL (it may carry a token). */
  private static String describe(IOException e, URI url, String hint) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage().replace(url.toString(), hint);
    String text = e.getClass().getSimpleName() + message;
    return text.length() > 300 ? text.substring(0, 300) : text;
  }
}
