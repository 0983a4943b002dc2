package dev.optimizer.dashboard.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.optimizer.core.support.DaemonThreadFactory;
import dev.optimizer.dashboard.DashboardConfig;
import dev.optimizer.dashboard.ModuleAbsentException;
import dev.optimizer.dashboard.NoSuchEntryException;
import dev.optimizer.dashboard.OperationsDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer: routes each request to {@link OperationsDocuments} after the checks (method, origin, token,
 * body size), and serves the page and the stream. Every refusal is a JSON {@link ErrorDocument}.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
  private static final String API = "/api/v1/";
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";

  private final OperationsDocuments documents;
  private final DashboardConfig config;
  private final byte @Nullable [] tokenDigest;
  private final StaticAssets assets = new StaticAssets();
  private final StreamHub hub;
  /** Tells the page's EventSource to reconnect 3 s after the stream ends. */
  private static final byte[] RETRY = "retry: 3000\n\n".getBytes(StandardCharsets.US_ASCII);
  private final HttpServer server;
  private final ExecutorService executor;
  private volatile boolean closed;

  /**
   * Binds and starts serving.
   *
   * @throws UncheckedIOException if the address cannot be bound
   */
  public DashboardServer(OperationsDocuments documents, DashboardConfig config) {
    this.documents = documents;
    this.config = config;
    this.tokenDigest = config.token().map(DashboardServer::digest).orElse(null);
    // Each stream client holds a thread; the spare ones keep the API (and the 503 to the next client) answering.
    this.executor = new ThreadPoolExecutor(config.maxStreamClients() + 4, config.maxStreamClients() + 4, 0,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreadFactory.of("dashboard", "http"));
    try {
      this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot bind the dashboard to " + config.host() + ":" + config.port(), e);
    }
    this.hub = new StreamHub(config.maxStreamClients(), config.streamInterval(), config.heartbeatInterval(),
        () -> SnapshotJson.write(documents.snapshot()));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The port bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stream clients connected now. */
  public int streamClients() {
    return hub.clients();
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      securityHeaders(ex.getResponseHeaders());
      try {
        route(ex);
      } catch (HttpFailure f) {
        f.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        sendError(ex, f.status, f.error, f.getMessage(), f.artifact);
      } catch (ModuleAbsentException e) {
        sendError(ex, 404, "module_absent", e.getMessage(), e.artifact());
      } catch (NoSuchEntryException e) {
        sendError(ex, 404, "not_found", e.getMessage(), null);
      } catch (IllegalArgumentException e) {
        sendError(ex, 400, "bad_request", e.getMessage(), null);
      } catch (RuntimeException e) {
        log.warn("dashboard: {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
        sendError(ex, 500, "internal", e.getClass().getSimpleName() + ": " + e.getMessage(), null);
      }
    } catch (IOException e) {
      log.debug("dashboard: response to {} not delivered: {}", ex.getRequestURI().getRawPath(), e.toString());
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String method = ex.getRequestMethod();
    if (!path.startsWith(API)) {
      StaticAssets.Asset asset = assets.find(path);
      if (asset == null) {
        throw new HttpFailure(404, "not_found", "no route " + path);
      }
      requireMethod(method, "GET");
      send(ex, 200, asset.contentType(), asset.bytes(), path.equals("/") ? "no-cache" : "max-age=3600");
      return;
    }
    String route = path.substring(API.length());
    switch (route) {
      case "performance/stats" -> read(ex, method, documents::performance);
      case "cache/stats" -> read(ex, method, documents::cache);
      case "batch/stats" -> read(ex, method, documents::batch);
      case "compression/stats" -> read(ex, method, documents::compression);
      case "lazy/stats" -> read(ex, method, documents::lazy);
      case "tuning/events" -> read(ex, method, () -> documents.tuningEvents(maxParameter(ex)));
      case "stream" -> stream(ex, method);
      case "performance/optimize" -> write(ex, method, body -> documents.optimize());
      case "cache/clear" -> write(ex, method, body -> {
        JsonNode json = body.isBlank() ? Json.read("{}") : Json.read(body);
        return documents.clearCache(textField(json, "cache"), textField(json, "pattern"));
      });
      default -> {
        if (route.startsWith("batch/jobs/") && route.length() > "batch/jobs/".length()
            && route.indexOf('/', "batch/jobs/".length()) < 0) {
          String id = route.substring("batch/jobs/".length());
          read(ex, method, () -> documents.job(id));
        } else {
          throw new HttpFailure(404, "not_found", "no route " + path);
        }
      }
    }
  }

  private static @Nullable String textField(JsonNode json, String name) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object like {\"cache\": \"users\", "
          + "\"pattern\": \"user:*\"}");
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("cache") && !f.equals("pattern")) {
        throw new IllegalArgumentException("unknown field '" + f + "'; the fields are cache and pattern");
      }
    }
    JsonNode v = json.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + name + "' must be a string");
    }
    return v.asText();
  }

  private static int maxParameter(HttpExchange ex) {
    String query = ex.getRequestURI().getRawQuery();
    if (query == null) {
      return 50;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("max=")) {
        try {
          return Integer.parseInt(pair.substring(4));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("max must be a whole number, was '" + pair.substring(4) + "'", e);
        }
      }
    }
    return 50;
  }

  private void read(HttpExchange ex, String method, java.util.function.Supplier<Object> document)
      throws IOException {
    requireMethod(method, "GET");
    if (config.readsRequireToken()) {
      requireToken(ex);
    }
    sendJson(ex, 200, Json.write(document.get()));
  }

  private interface WriteAction {
    Object run(String body);
  }

  private void write(HttpExchange ex, String method, WriteAction action) throws IOException {
    requireMethod(method, "POST");
    if (tokenDigest == null) {
      throw new HttpFailure(403, "writes_disabled", "POST routes are disabled until a token is configured "
          + "(DashboardConfig.custom().token(..), optimizer.dashboard.token or OPTIMIZER_DASHBOARD_TOKEN)");
    }
    requireSameOrigin(ex);
    requireToken(ex);
    String body = readBody(ex);
    sendJson(ex, 200, Json.write(action.run(body)));
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new HttpFailure(405, "method_not_allowed", method + " is not allowed here; use " + allowed, null,
          Map.of("Allow", allowed));
    }
  }

  private static void requireSameOrigin(HttpExchange ex) {
    Headers h = ex.getRequestHeaders();
    String site = h.getFirst("Sec-Fetch-Site");
    if (site != null && site.equalsIgnoreCase("cross-site")) {
      throw new HttpFailure(403, "cross_origin", "cross-site requests may not change anything");
    }
    String origin = h.getFirst("Origin");
    if (origin == null) {
      return; // not a browser's cross-origin request: curl, HttpClient
    }
    String host = h.getFirst("Host");
    if (host == null || !origin.equals("http://" + host)) {
      throw new HttpFailure(403, "cross_origin", "origin " + origin + " may not POST here");
    }
  }

  private void requireToken(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    byte[] expected = tokenDigest;
    Map<String, String> challenge = Map.of("WWW-Authenticate", "Bearer realm=\"optimizer-dashboard\"");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new HttpFailure(401, "unauthorized", "this route needs Authorization: Bearer <token>", null,
          challenge);
    }
    // Both sides hashed to the same length first, so the comparison time says nothing about the token.
    byte[] given = digest(header.substring(7).trim());
    if (expected == null || !MessageDigest.isEqual(given, expected)) {
      throw new HttpFailure(401, "unauthorized", "the bearer token is not valid", null, challenge);
    }
  }

  private String readBody(HttpExchange ex) throws IOException {
    int max = config.maxBodyBytes();
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new HttpFailure(400, "bad_request", "Content-Length is not a number");
      }
      if (declared > max) {
        throw new HttpFailure(413, "body_too_large", "the body is " + declared + " bytes; at most " + max);
      }
    }
    InputStream in = ex.getRequestBody();
    byte[] bytes = in.readNBytes(max + 1);
    if (bytes.length > max) {
      throw new HttpFailure(413, "body_too_large", "the body is over " + max + " bytes");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private void stream(HttpExchange ex, String method) throws IOException {
    requireMethod(method, "GET");
    if (config.readsRequireToken()) {
      requireToken(ex);
    }
    StreamHub.Client client = hub.join();
    if (client == null) {
      throw new HttpFailure(503, "too_many_stream_clients", "the dashboard serves at most "
          + config.maxStreamClients() + " stream clients at once; try again later", null,
          Map.of("Retry-After", "5"));
    }
    byte[] first;
    try {
      first = StreamHub.event(SnapshotJson.write(documents.snapshot()));
      Headers h = ex.getResponseHeaders();
      h.set("Content-Type", "text/event-stream; charset=utf-8");
      h.set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, 0);
    } catch (IOException | RuntimeException e) {
      client.release();
      throw e;
    }
    client.run(ex.getResponseBody(), RETRY, first);
  }

  private static void securityHeaders(Headers h) {
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
  }

  private static void sendJson(HttpExchange ex, int status, String json) throws IOException {
    send(ex, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), "no-store");
  }

  private static void sendError(HttpExchange ex, int status, String error, String message,
      @Nullable String artifact) throws IOException {
    sendJson(ex, status, Json.write(new ErrorDocument(status, error, message, artifact)));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body, String cache) throws IOException {
    Headers h = ex.getResponseHeaders();
    h.set("Content-Type", type);
    h.set("Cache-Control", cache);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Ends every stream, stops the server and its threads. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    hub.close();
    // Let each stream end its response cleanly (a reader sees end of stream, not a reset) before stopping.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (hub.clients() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("dashboard: request threads still running 5s after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
