package dev.tollgate.collector.usage;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.collector.auth.Caller;
import dev.tollgate.collector.auth.Role;
import dev.tollgate.collector.common.ProblemException;
import dev.tollgate.collector.infra.TollgateMeters;
import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * {@code POST /v1/usage/events}: a batch of at most 1000 events and 1 MiB (after gzip
 * decompression) from a client token, as {@code application/json} (anything else is a 415).
 * The client and team come from the token only.
 */
@Path("/v1/usage/events")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

  public static final int MAX_BYTES = 1024 * 1024;

  private final IngestService ingest;
  private final ObjectMapper json;
  private final MetricRegistry metrics;
  private final Timer batches;

  public UsageResource(IngestService ingest, ObjectMapper json, MetricRegistry metrics) {
    this.ingest = ingest;
    this.json = json;
    this.metrics = metrics;
    this.batches = TollgateMeters.ingestBatches(metrics);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.CLIENT_NAME)
  public IngestResult post(@Auth Caller caller, InputStream body) throws IOException {
    Body bytes = read(body);
    JsonNode root = json.readTree(bytes.bytes(), 0, bytes.length());
    if (root == null || root.isMissingNode()) {
      throw ProblemException.badRequest("A request body is required", null);
    }
    try (Timer.Context ignored = batches.time()) {
      IngestResult result = ingest.ingest(caller, root);
      count(TollgateMeters.ACCEPTED, result.accepted());
      count(TollgateMeters.DUPLICATE, result.duplicates());
      count(TollgateMeters.REJECTED, result.rejected().size());
      return result;
    } catch (ProblemException e) {
      count(e.status() >= 500 ? TollgateMeters.FAILED : TollgateMeters.REJECTED, root.path("events").size());
      throw e;
    } catch (RuntimeException e) {
      count(TollgateMeters.FAILED, root.path("events").size());
      throw e;
    }
  }

  private void count(String outcome, long events) {
    if (events > 0) {
      TollgateMeters.ingestEvents(metrics, outcome).mark(events);
    }
  }

  /** The first {@code length} bytes of {@code bytes}. */
  record Body(byte[] bytes, int length) {}

  /**
   * The body, gunzipped when it is gzip (by its magic bytes, whether or not the server in
   * front already decoded it and dropped the header), refused beyond 1 MiB decompressed.
   */
  static Body read(InputStream body) {
    try {
      InputStream in = new BufferedInputStream(body == null ? InputStream.nullInputStream() : body);
      in.mark(2);
      int b0 = in.read();
      int b1 = in.read();
      in.reset();
      return readLimited(b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 16 * 1024) : in);
    } catch (ProblemException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Broken or truncated gzip, whether we or Jetty inflate it (Jetty wraps its ZipException), or a body cut off.
      throw ProblemException.badRequest("The body could not be read: broken gzip or an incomplete body", null);
    }
  }

  /** Read straight into a buffer that doubles as it fills, handed over without a copy. */
  private static Body readLimited(InputStream in) throws IOException {
    byte[] out = new byte[64 * 1024];
    int total = 0;
    for (int n; (n = in.read(out, total, out.length - total)) > 0; ) {
      total += n;
      if (total > MAX_BYTES) {
        throw new ProblemException(413, "too-large", "Payload Too Large",
            "The body is over 1 MiB (after decompression)", null, null);
      }
      if (total == out.length) {
        out = Arrays.copyOf(out, Math.min(out.length * 2, MAX_BYTES + 1));
      }
    }
    return new Body(out, total);
  }
}
