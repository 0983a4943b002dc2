package dev.optimizer.bench.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A dashboard stream client that only drains bytes, on its own daemon thread: the viewer of a real dashboard
 * is a browser on another machine, so what the measured JVM should pay for is serving the stream, not a
 * client's HTTP stack (the JDK's HttpClient compiled and ran its own selector and futures inside the measured
 * process).
 */
final class StreamDrain implements AutoCloseable {
  private final Socket socket;
  private final Thread reader;
  private volatile long reads;

  private StreamDrain(Socket socket, InputStream in) {
    this.socket = socket;
    this.reader = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try {
        while (in.read(buffer) >= 0) {
          reads++;
        }
      } catch (IOException e) {
        // the socket or the dashboard closed
      }
    }, "bench-stream-client");
    reader.setDaemon(true);
  }

  /** Connects to {@code /api/v1/stream} on {@code port}, checks the 200, and waits for the first bytes. */
  static StreamDrain open(int port) throws IOException, InterruptedException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream request = socket.getOutputStream();
    request.write(("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    request.flush();
    InputStream in = socket.getInputStream();
    String status = new String(in.readNBytes("HTTP/1.1 200".length()), StandardCharsets.US_ASCII);
    if (!status.equals("HTTP/1.1 200")) {
      socket.close();
      throw new IllegalStateException("stream answered " + status);
    }
    StreamDrain drain = new StreamDrain(socket, in);
    drain.reader.start();
    await(() -> drain.reads > 0, "the first stream bytes");
    return drain;
  }

  /** Closes the socket and waits (at most 5 s) for the reader to end. */
  @Override
  public void close() throws IOException, InterruptedException {
    socket.close();
    reader.join(5_000);
  }

  interface Condition {
    boolean holds();
  }

  /** Polls {@code c} every 10 ms for at most 30 s. */
  static void await(Condition c, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited 30 s for " + what);
      }
      Thread.sleep(10);
    }
  }
}
