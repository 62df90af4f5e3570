package dev.tollgate.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP relay between the SDK and the collector that the suite can take down (the port refuses
 * connections and open ones are cut, as when the collector stops) and bring back on the same port.
 * It also notes every access token the collector hands out, so that the suite can check that none
 * reaches the application's interceptors, listeners or logs.
 */
final class CollectorLink implements AutoCloseable {

  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;

  CollectorLink(String targetUrl) {
    URI target = URI.create(targetUrl);
    this.targetHost = target.getHost();
    this.targetPort = target.getPort();
    try {
      this.port = DevCollector.freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    up();
  }

  /** The URL the SDK is given. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The access tokens the collector issued through this link so far. */
  Set<String> accessTokens() {
    return Set.copyOf(accessTokens);
  }

  /** The collector is reachable again, on the same port. */
  synchronized void up() {
    if (server != null) {
      return;
    }
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      server = s;
      Thread acceptor = new Thread(() -> accept(s), "collector-link");
      acceptor.setDaemon(true);
      acceptor.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not listen on " + port + " again", e);
    }
  }

  /** The collector is unreachable: connections are refused and open ones are cut. */
  synchronized void down() {
    if (server == null) {
      return;
    }
    closeQuietly(server);
    server = null;
    open.forEach(CollectorLink::closeQuietly);
    open.clear();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket collector = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(collector);
        pump(client, collector, false);
        pump(collector, client, true);
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean sniff) {
    Thread t = new Thread(() -> {
      StringBuilder seen = new StringBuilder();
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (sniff) {
            out.write(buffer, 0, n);
          } else {
            // Answers in plain text, so that the access tokens can be seen: OkHttp asks for gzip.
            out.write(new String(buffer, 0, n, StandardCharsets.ISO_8859_1)
                .replace("Accept-Encoding: gzip\r\n", "Accept-Encoding: identity\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
          }
          out.flush();
          if (sniff) {
            seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            Matcher m = ACCESS_TOKEN.matcher(seen);
            while (m.find()) {
              accessTokens.add(m.group(1));
            }
            if (seen.length() > 65_536) {
              seen.delete(0, seen.length() - 4096);
            }
          }
        }
      } catch (IOException cut) {
        // one side went away: close both
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "collector-link-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    down();
  }
}
