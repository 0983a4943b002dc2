package dev.optimizer.dashboard;

import dev.optimizer.core.Optimizer;
import dev.optimizer.dashboard.internal.DashboardServer;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations API and live page of an {@link Optimizer}, served by the JDK's HTTP server (no framework).
 *
 * <pre>{@code
 * try (Optimizer optimizer = Optimizer.builder().build();
 *      Dashboard dashboard = Dashboard.start(optimizer, DashboardConfig.custom().port(8081).build())) {
 *   log.info("dashboard at {}", dashboard.uri());
 * }
 * }</pre>
 *
 * <p>Routes: {@code GET /} (the page), the JSON documents of {@link OperationsDocuments} under
 * {@code /api/v1/}, and {@code GET /api/v1/stream} (Server-Sent Events: one {@link SnapshotDocument} per
 * {@link DashboardConfig#streamInterval()}, a {@code : heartbeat} comment per
 * {@link DashboardConfig#heartbeatInterval()}). Safe by default: see {@link DashboardConfig}. Every refusal is
 * JSON {@code {"status": .., "error": .., "message": ..}} with status 400, 401, 403, 404, 405, 413 or 503.
 *
 * <p>Threads: daemon threads named {@code optimizer-dashboard-http-N} (one per connected stream client plus
 * four) and {@code optimizer-dashboard-stream-1}; {@link #close()} ends every stream and stops them. Closing the
 * optimizer does not close the dashboard.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

  private final DashboardServer server;
  private final DashboardConfig config;
  private final OperationsDocuments documents;
  private final URI uri;

  private Dashboard(OperationsDocuments documents, DashboardConfig config) {
    this.documents = documents;
    this.config = config;
    this.server = new DashboardServer(documents, config);
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    this.uri = URI.create("http://" + host + ":" + server.port() + "/");
    log.info("dashboard serving {} ({})", uri, config);
  }

  /**
   * Serves {@code optimizer} with {@link DashboardConfig#ofDefaults()} ({@code 127.0.0.1:8081} unless the
   * process's {@code optimizer.dashboard.*} settings say otherwise).
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  public static Dashboard start(Optimizer optimizer) {
    return start(optimizer, DashboardConfig.ofDefaults());
  }

  /**
   * Serves {@code optimizer} as {@code config} says; returns once the server listens.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound (e.g. the port is taken)
   */
  public static Dashboard start(Optimizer optimizer, DashboardConfig config) {
    return new Dashboard(OperationsDocuments.of(Objects.requireNonNull(optimizer, "optimizer")),
        Objects.requireNonNull(config, "config"));
  }

  /** The page's address, e.g. {@code http://127.0.0.1:8081/}. */
  public URI uri() {
    return uri;
  }

  /** The port bound (the chosen one when the configured port is 0). */
  public int port() {
    return server.port();
  }

  /** The configuration in force. */
  public DashboardConfig config() {
    return config;
  }

  /** The documents served. */
  public OperationsDocuments documents() {
    return documents;
  }

  /** Stream clients connected now; a client that went away counts until a write to it fails. */
  public int streamClients() {
    return server.streamClients();
  }

  /** Ends every stream, stops the server and its threads. Idempotent; never throws. */
  @Override
  public void close() {
    server.close();
    log.info("dashboard at {} closed", uri);
  }
}
