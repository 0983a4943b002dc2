package dev.optimizer.examples.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's client against a real HTTP server: every framing the service answers with. */
class LoadClientTest {
  private HttpServer server;
  private int port;
  private final List<String> bodies = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/fixed", ex -> answer(ex, 200, "x".repeat(300), false));
    server.createContext("/chunked", ex -> answer(ex, 201, "y".repeat(1_500_000), true));
    server.createContext("/missing", ex -> answer(ex, 404, "{\"error\":\"no\"}", false));
    server.createContext("/empty", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.createContext("/close", ex -> {
      ex.getResponseHeaders().add("Connection", "close");
      answer(ex, 200, "bye", false);
    });
    server.createContext("/echo", ex -> {
      synchronized (bodies) {
        bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      }
      answer(ex, 200, "ok", false);
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void answer(HttpExchange ex, int status, String body, boolean chunked) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, chunked ? 0 : b.length);
    try (OutputStream out = ex.getResponseBody()) {
      for (int i = 0; i < b.length; i += 7_000) {
        out.write(b, i, Math.min(7_000, b.length - i));
        out.flush();
      }
    }
  }

  private LoadClient.Request get(String path) {
    return new LoadClient.Request("test", port, "GET", path, null, null);
  }

  @Test
  void readsFixedLengthChunkedAndBodilessAnswersOnOneKeptAliveConnection() throws Exception {
    try (LoadClient client = new LoadClient()) {
      for (int i = 0; i < 3; i++) {
        assertThat(client.send(get("/fixed")).get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(client.send(get("/chunked")).get(10, TimeUnit.SECONDS)).isEqualTo(201);
        assertThat(client.send(get("/empty")).get(10, TimeUnit.SECONDS)).isEqualTo(204);
        assertThat(client.send(get("/missing")).get(10, TimeUnit.SECONDS)).isEqualTo(404);
      }
      assertThat(client.connectionsOpened()).as("one request at a time reuses one connection").isEqualTo(1);
    }
  }

  @Test
  void sendsBodiesAndOpensAConnectionPerConcurrentRequest() throws Exception {
    try (LoadClient client = new LoadClient()) {
      List<CompletableFuture<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        answers.add(client.send(new LoadClient.Request("test", port, "POST", "/echo", "application/json",
            ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))));
      }
      for (CompletableFuture<Integer> a : answers) {
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      }
      synchronized (bodies) {
        assertThat(bodies).hasSize(50).contains("{\"n\":0}", "{\"n\":49}");
      }
      assertThat(client.connectionsOpened()).isBetween(1L, 50L);
    }
  }

  @Test
  void dropsAConnectionTheServerClosesAndOpensANewOne() throws Exception {
    try (LoadClient client = new LoadClient()) {
      assertThat(client.send(get("/close")).get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(client.send(get("/fixed")).get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(client.connectionsOpened()).isEqualTo(2);
    }
  }

  @Test
  void replacesAPooledConnectionTheServerDropped() throws Exception {
    try (LoadClient client = new LoadClient()) {
      assertThat(client.send(get("/fixed")).get(10, TimeUnit.SECONDS)).isEqualTo(200);
      // The server goes away and comes back on the same port: the pooled connection is dead.
      server.stop(0);
      start(port);
      assertThat(client.send(get("/fixed")).get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(client.connectionsOpened()).isEqualTo(2);
    }
  }

  @Test
  void resendsOnceOnANewConnectionWhenTheReusedOneClosesBeforeAnswering() throws Exception {
    // The race the retry is for: the server's keep-alive timeout closes a connection just as a request
    // is written to it. This server answers the first request on its first connection, then reads the
    // second and closes without answering; it answers on any later connection.
    try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serverThread = new Thread(() -> serveThenDrop(closing), "closing-server");
      serverThread.setDaemon(true);
      serverThread.start();
      try (LoadClient client = new LoadClient()) {
        LoadClient.Request r = new LoadClient.Request("test", closing.getLocalPort(), "GET", "/x", null, null);
        assertThat(client.send(r).get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(client.send(r).get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(client.retries()).isEqualTo(1);
        assertThat(client.connectionsOpened()).isEqualTo(2);
      }
    }
  }

  private static void serveThenDrop(ServerSocket server) {
    byte[] ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    try {
      try (Socket first = server.accept()) {
        readRequest(first.getInputStream());
        first.getOutputStream().write(ok);
        readRequest(first.getInputStream());
      }
      while (true) {
        Socket next = server.accept();
        readRequest(next.getInputStream());
        next.getOutputStream().write(ok);
      }
    } catch (IOException closed) {
      // the test closed the server socket
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed mid-request");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Test
  void failsARequestNobodyAnswers() throws Exception {
    int dead = port;
    server.stop(0);
    try (LoadClient client = new LoadClient()) {
      CompletableFuture<Integer> answer = client.send(new LoadClient.Request("test", dead, "GET", "/", null, null));
      assertThat(answer).failsWithin(10, TimeUnit.SECONDS);
    }
    start();
  }

  private void start(int onPort) throws IOException {
    HttpServer again = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
    again.createContext("/fixed", ex -> answer(ex, 200, "again", false));
    again.start();
    server = again;
  }
}
