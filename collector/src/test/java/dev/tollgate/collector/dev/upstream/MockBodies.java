package dev.tollgate.collector.dev.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Calls the simulated upstream in process, without a server, and reads its answers. */
final class MockBodies {

  static final MockUpstream.Call CALL = new MockUpstream.Call("sk-in-process", null, null, null);

  /** A sleeper that only records what it was asked to wait. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = new ArrayList<>();

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
    }

    Duration total() {
      return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
  }

  private MockBodies() {}

  static MockUpstream upstream(Sleeper sleeper, Latency latency) {
    return MockUpstreamFeature.upstream(new ObjectMapper(),
        Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC), sleeper, latency);
  }

  /** The body of {@code response}, a stream written out in full. */
  static String body(Response response) {
    Object entity = response.getEntity();
    if (entity instanceof StreamingOutput stream) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        stream.write(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString(StandardCharsets.UTF_8);
    }
    return (String) entity;
  }
}
