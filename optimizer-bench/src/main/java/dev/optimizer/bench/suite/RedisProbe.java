package dev.optimizer.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Whether a Redis answers at a URL, asked with a raw {@code PING} over a short-timeout socket so the
 * check needs no client library and never hangs the suite.
 */
public final class RedisProbe {
  /** The URL used when {@code REDIS_URL} is unset. */
  public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

  private RedisProbe() {}

  /** {@code REDIS_URL} from the environment, or {@link #DEFAULT_URL}. */
  public static String configuredUrl() {
    String url = System.getenv("REDIS_URL");
    return url == null || url.isBlank() ? DEFAULT_URL : url.trim();
  }

  /**
   * True when something at {@code url} answers {@code PING} like Redis within {@code timeoutMillis}
   * (an authentication error counts: a Redis is there). False for a malformed URL, a refused or
   * silent connection, or a non-Redis reply.
   */
  public static boolean answers(String url, int timeoutMillis) {
    String host;
    int port;
    try {
      URI uri = URI.create(url);
      host = uri.getHost() != null ? uri.getHost() : "127.0.0.1";
      port = uri.getPort() > 0 ? uri.getPort() : 6379;
    } catch (IllegalArgumentException e) {
      return false;
    }
    // rediss:// needs a TLS handshake before PING; a TCP connect is the best cheap evidence there.
    boolean tls = url.startsWith("rediss:");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      if (tls) {
        return true;
      }
      s.setSoTimeout(timeoutMillis);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      int first = in.read();
      return first == '+' || first == '-';
    } catch (IOException e) {
      return false;
    }
  }
}
