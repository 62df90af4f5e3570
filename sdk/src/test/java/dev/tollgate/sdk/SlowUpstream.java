package dev.tollgate.sdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-like upstream on a raw socket that answers slowly and notices when the client goes
 * away, which WireMock cannot tell: a stream of chat chunks, one every 50 ms for 10 s, or a
 * JSON answer after a delay. {@link #awaitAbort} returns once the client closed the connection
 * (a write failed, or the socket read end-of-stream while waiting).
 */
final class SlowUpstream implements AutoCloseable {

  private static final String CHUNK = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
      + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"},"
      + "\"finish_reason\":null}]}\n\n";

  private final ServerSocket server;
  private final boolean stream;
  private final long delayMillis;
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch received = new CountDownLatch(1);
  private final CountDownLatch aborted = new CountDownLatch(1);
  private final Thread acceptor;

  private SlowUpstream(boolean stream, long delayMillis) throws IOException {
    this.server = new ServerSocket(0);
    this.stream = stream;
    this.delayMillis = delayMillis;
    this.acceptor = new Thread(this::acceptLoop, "slow-upstream");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** Streams a chat chunk every 50 ms. */
  static SlowUpstream streaming() throws IOException {
    return new SlowUpstream(true, 0);
  }

  /** Answers a chat completion after {@code delayMillis}. */
  static SlowUpstream delayed(long delayMillis) throws IOException {
    return new SlowUpstream(false, delayMillis);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
  }

  int requests() {
    return requests.get();
  }

  boolean awaitRequest() throws InterruptedException {
    return received.await(10, TimeUnit.SECONDS);
  }

  /** Whether the client closed the connection within {@code millis}. */
  boolean awaitAbort(long millis) throws InterruptedException {
    return aborted.await(millis, TimeUnit.MILLISECONDS);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "slow-upstream-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      readRequest(in);
      requests.incrementAndGet();
      received.countDown();
      OutputStream out = socket.getOutputStream();
      if (stream) {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 200; i++) {
          out.write(CHUNK.getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(50);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return;
      }
      socket.setSoTimeout(20);
      long deadline = System.nanoTime() + delayMillis * 1_000_000;
      while (System.nanoTime() < deadline) {
        try {
          if (in.read() < 0) {
            aborted.countDown();
            return;
          }
        } catch (SocketTimeoutException stillThere) {
          // the client is still waiting
        }
      }
      byte[] body = Fixtures.read("chat-completion.json").getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
    } catch (IOException e) {
      aborted.countDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request cut off");
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') ? (matched + 1) : 0;
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
