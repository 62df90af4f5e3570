package dev.tollgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the OpenAI API that costs as little as an HTTP server can:
 * {@code POST /v1/chat/completions} answers 200 with the fixture {@code chat-completion.json}
 * (read from the classpath once, the whole response prepared as one byte array), anything else
 * 404. HTTP/1.1 with keep-alive over blocking sockets, one thread per connection, TCP_NODELAY;
 * request bodies of a known length or chunked are read whole and dropped.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver} (used for the collector mock, off the hot
 * path): measured on this machine, an OkHttp round trip to it took twice as long at the median
 * (about 250 µs against 120 µs under load), i.e. the mock would have been most of what is
 * measured. It parses and routes nothing a client could tell apart, so every client pays the
 * same for it.
 */
final class MockUpstream implements AutoCloseable {

  /** The fixture, packaged from {@code fixtures/openai/} by the bench module's build. */
  static final byte[] CHAT_COMPLETION = fixture("chat-completion.json");

  private static final byte[] OK = response("200 OK", CHAT_COMPLETION);
  private static final byte[] NOT_FOUND = response("404 Not Found",
      "{\"error\":{\"message\":\"not mocked\",\"type\":\"invalid_request_error\"}}".getBytes(StandardCharsets.UTF_8));
  private static final byte[] CHAT_LINE = "POST /v1/chat/completions ".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket socket;
  private final AtomicLong chatCalls = new AtomicLong();

  private MockUpstream(ServerSocket socket) {
    this.socket = socket;
    Thread acceptor = new Thread(this::accept, "mock-upstream-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static MockUpstream start() {
    try {
      return new MockUpstream(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The OpenAI-style base URL, {@code http://127.0.0.1:port/v1} (no trailing slash). */
  String baseUrl() {
    return "http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort() + "/v1";
  }

  /** Chat completions answered so far. */
  long chatCalls() {
    return chatCalls.get();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        s.setTcpNoDelay(true);
        Thread t = new Thread(() -> serve(s), "mock-upstream-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      Reader reader = new Reader(in);
      while (true) {
        int headEnd = reader.fillUntilHeadEnd();
        if (headEnd < 0) {
          return; // the client closed the connection
        }
        boolean chat = reader.startsWith(CHAT_LINE);
        String head = reader.text(headEnd).toLowerCase(Locale.ROOT);
        reader.consume(headEnd);
        if (head.contains("\ntransfer-encoding: chunked")) {
          reader.skipChunked();
        } else {
          reader.skip(contentLength(head));
        }
        if (chat) {
          chatCalls.incrementAndGet();
        }
        out.write(chat ? OK : NOT_FOUND);
        out.flush();
      }
    } catch (IOException e) {
      // connection reset by a closing client: nothing to do
    }
  }

  private static long contentLength(String head) {
    int i = head.indexOf("\ncontent-length:");
    if (i < 0) {
      return 0;
    }
    int end = head.indexOf('\r', i);
    return Long.parseLong(head.substring(i + "\ncontent-length:".length(), end).trim());
  }

  private static byte[] response(String status, byte[] body) {
    byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nx-request-id: req_bench\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  static byte[] fixture(String name) {
    try (InputStream in = MockUpstream.class.getResourceAsStream("/fixtures/openai/" + name)) {
      if (in == null) {
        throw new IllegalStateException("fixture " + name + " is not on the classpath (bench/pom.xml packages it)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A growable read buffer over the socket: {@code buf[0, len)} holds unread bytes. */
  private static final class Reader {
    private final InputStream in;
    private byte[] buf = new byte[16 * 1024];
    private int len;

    Reader(InputStream in) {
      this.in = in;
    }

    /** Reads until the buffer holds a whole request head; its length with the blank line, or -1 at EOF. */
    int fillUntilHeadEnd() throws IOException {
      int from = 0;
      while (true) {
        for (int i = Math.max(3, from); i < len; i++) {
          if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
            return i + 1;
          }
        }
        from = len;
        if (!fill()) {
          return -1;
        }
      }
    }

    boolean startsWith(byte[] prefix) {
      return len >= prefix.length && Arrays.equals(buf, 0, prefix.length, prefix, 0, prefix.length);
    }

    String text(int n) {
      return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    void consume(int n) {
      System.arraycopy(buf, n, buf, 0, len - n);
      len -= n;
    }

    void skip(long n) throws IOException {
      while (n > 0) {
        if (len == 0 && !fill()) {
          throw new IOException("EOF in body");
        }
        int k = (int) Math.min(n, len);
        consume(k);
        n -= k;
      }
    }

    /** Skips a chunked body: size lines, chunks and the (empty) trailer. */
    void skipChunked() throws IOException {
      while (true) {
        String sizeLine = line();
        int semi = sizeLine.indexOf(';');
        long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        if (size == 0) {
          while (!line().isEmpty()) {
            // trailer fields
          }
          return;
        }
        skip(size);
        line();
      }
    }

    private String line() throws IOException {
      int from = 0;
      while (true) {
        for (int i = Math.max(1, from); i < len; i++) {
          if (buf[i] == '\n' && buf[i - 1] == '\r') {
            String s = new String(buf, 0, i - 1, StandardCharsets.ISO_8859_1);
            consume(i + 1);
            return s;
          }
        }
        from = len;
        if (!fill()) {
          throw new IOException("EOF in chunked body");
        }
      }
    }

    private boolean fill() throws IOException {
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        return false;
      }
      len += n;
      return true;
    }
  }
}
