package dev.tollgate.sdk.internal.usage;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import okhttp3.HttpUrl;

/**
 * WireMock standing in for the collector's {@code POST /v1/usage/events}: an acknowledging
 * transformer (dedupes by id, rejects events whose endpoint is {@code /invalid}, answers 413 above
 * a configurable batch size) and switches for outages. Assertions read the request journal.
 */
final class FakeCollector implements AutoCloseable {

  static final String PATH = "/v1/usage/events";
  static final String INVALID_ENDPOINT = "/invalid";

  private final Ack ack = new Ack();
  private final WireMockServer server =
      new WireMockServer(options().dynamicPort().extensions(ack));

  FakeCollector() {
    server.start();
    up();
  }

  HttpUrl url() {
    return HttpUrl.get(server.baseUrl());
  }

  WireMockServer server() {
    return server;
  }

  /** Answers every request with an acknowledgement. */
  void up() {
    server.resetMappings();
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withTransformers(Ack.NAME)));
  }

  /** Answers every request with 503. */
  void down() {
    server.resetMappings();
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
  }

  /** A local URL where nothing listens: connections are refused at once. */
  static HttpUrl unreachableUrl() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return HttpUrl.get("http://127.0.0.1:" + socket.getLocalPort() + "/");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void stub(MappingBuilder mapping) {
    server.stubFor(mapping);
  }

  static ResponseDefinitionBuilder acknowledging() {
    return aResponse().withTransformers(Ack.NAME);
  }

  /** Answers 413 for requests with more than {@code max} events. */
  void tooLargeAbove(int max) {
    ack.tooLargeAbove = max;
  }

  /** Ids in requests that were answered 200, in order, with repeats. */
  List<UUID> deliveredIds() {
    List<UUID> ids = new ArrayList<>();
    for (List<JsonNode> batch : batches(200)) {
      batch.forEach(e -> ids.add(UUID.fromString(e.get("id").asText())));
    }
    return ids;
  }

  Set<UUID> distinctDeliveredIds() {
    return new HashSet<>(deliveredIds());
  }

  /** Events of each request answered with {@code status}, oldest first. */
  List<List<JsonNode>> batches(int status) {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events);
    List<List<JsonNode>> batches = new ArrayList<>();
    for (ServeEvent event : events) {
      if (event.getResponse() != null && event.getResponse().getStatus() == status) {
        batches.add(events(event.getRequest().getBody()));
      }
    }
    return batches;
  }

  long requestsAnswered(int status) {
    return server.getAllServeEvents().stream()
        .filter(e -> e.getResponse() != null && e.getResponse().getStatus() == status)
        .count();
  }

  static List<JsonNode> events(byte[] body) {
    try {
      byte[] json = body;
      if (body.length > 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          json = in.readAllBytes();
        }
      }
      List<JsonNode> events = new ArrayList<>();
      UsageJson.mapper().readTree(json).get("events").forEach(events::add);
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }

  private static final class Ack implements ResponseDefinitionTransformerV2 {
    static final String NAME = "usage-ack";
    private final Set<String> seen = Collections.synchronizedSet(new HashSet<>());
    volatile int tooLargeAbove = Integer.MAX_VALUE;

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      List<JsonNode> events = events(serveEvent.getRequest().getBody());
      if (events.size() > tooLargeAbove) {
        return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).but()
            .withStatus(413).build();
      }
      ObjectNode answer = UsageJson.mapper().createObjectNode();
      ArrayNode rejected = answer.putArray("rejected");
      int accepted = 0;
      int duplicates = 0;
      for (int i = 0; i < events.size(); i++) {
        JsonNode event = events.get(i);
        if (INVALID_ENDPOINT.equals(event.path("endpoint").asText())) {
          ObjectNode r = rejected.addObject().put("index", i).put("id", event.get("id").asText());
          r.putArray("errors").addObject().put("field", "endpoint").put("message", "unknown");
        } else if (seen.add(event.get("id").asText())) {
          accepted++;
        } else {
          duplicates++;
        }
      }
      answer.put("accepted", accepted).put("duplicates", duplicates);
      // like(...) keeps what the stub set besides the body, e.g. a fixed delay.
      return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).but()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody(answer.toString())
          .build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return NAME;
    }
  }
}
