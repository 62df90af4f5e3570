package dev.tollgate.collector.dev.upstream;

import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import org.glassfish.jersey.message.internal.CommittingOutputStream;

/**
 * Lets the simulated streams go out as they are written. Jersey holds back the first 8 KiB of every
 * entity to compute a {@code Content-Length}, and a flush does not release it, so the first thirty
 * or so chunks of a stream would arrive together. This turns that buffer off for stream entities
 * of the simulated upstream only (Jersey's {@code CommittingOutputStream} is internal API; if the
 * stream is not one, nothing changes and the pace is merely coarser).
 */
@MockAuth
final class UnbufferedStreams implements WriterInterceptor {

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    if (context.getEntity() instanceof StreamingOutput
        && context.getOutputStream() instanceof CommittingOutputStream committing && !committing.isCommitted()) {
      committing.enableBuffering(0);
    }
    context.proceed();
  }
}
