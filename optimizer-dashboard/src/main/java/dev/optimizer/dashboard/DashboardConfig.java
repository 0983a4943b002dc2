package dev.optimizer.dashboard;

import static dev.optimizer.core.support.Checks.requireInRange;
import static dev.optimizer.core.support.Checks.requireNonBlank;

import dev.optimizer.core.spi.Settings;
import dev.optimizer.dashboard.internal.DashboardSettings;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link Dashboard}. Immutable; {@link #ofDefaults()} or {@link #custom()}.
 *
 * <p>Safe by default: binds {@code 127.0.0.1}; without a {@linkplain #token() token} the POST routes answer 403;
 * reads need no token unless {@link #readsRequireToken()}. Each setting also binds from the system property
 * {@code optimizer.dashboard.<name>} or the environment variable {@code OPTIMIZER_DASHBOARD_<NAME>} where the
 * builder did not set it, given {@link Builder#settings(Settings)} ({@link #ofDefaults()} binds the process's):
 * {@code host}, {@code port}, {@code token}, {@code reads-require-token}, {@code max-stream-clients},
 * {@code max-body-bytes}, {@code stream-interval}, {@code heartbeat-interval}.
 */
public final class DashboardConfig {
  /** Shortest token accepted, characters. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private final String host;
  private final int port;
  private final @Nullable String token;
  private final boolean readsRequireToken;
  private final int maxStreamClients;
  private final int maxBodyBytes;
  private final Duration streamInterval;
  private final Duration heartbeatInterval;

  private DashboardConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.token = b.token;
    this.readsRequireToken = b.readsRequireToken;
    this.maxStreamClients = b.maxStreamClients;
    this.maxBodyBytes = b.maxBodyBytes;
    this.streamInterval = b.streamInterval;
    this.heartbeatInterval = b.heartbeatInterval;
  }

  /**
   * The defaults, completed by the process's {@code optimizer.dashboard.*} properties and
   * {@code OPTIMIZER_DASHBOARD_*} variables.
   *
   * @throws dev.optimizer.core.InvalidSettingException if a bound value is malformed
   * @throws IllegalArgumentException if a bound value is out of range (e.g. a token shorter than 16)
   */
  public static DashboardConfig ofDefaults() {
    return custom().settings(Settings.fromProcess()).build();
  }

  /** A builder with the defaults and no bound settings. */
  public static Builder custom() {
    return new Builder();
  }

  /** Address bound; {@code 127.0.0.1} unless set. */
  public String host() {
    return host;
  }

  /** TCP port; 0 picks a free one (see {@link Dashboard#port()}). Default 8081. */
  public int port() {
    return port;
  }

  /** The bearer token the POST routes (and reads, if so set) require; empty when POST routes are disabled. */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /** Whether the API and the stream require the token too (the page's files never do). Default false. */
  public boolean readsRequireToken() {
    return readsRequireToken;
  }

  /** Stream clients connected at once at most; the next one gets 503. Default 8. */
  public int maxStreamClients() {
    return maxStreamClients;
  }

  /** Largest request body accepted, bytes; a larger one gets 413. Default 16384. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Time between two snapshots on the stream. Default 1s. */
  public Duration streamInterval() {
    return streamInterval;
  }

  /** Time between two heartbeat comments on the stream. Default 15s. */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /** The settings; the token is shown as {@code ***}. */
  @Override
  public String toString() {
    return "DashboardConfig{host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***")
        + ", readsRequireToken=" + readsRequireToken + ", maxStreamClients=" + maxStreamClients
        + ", maxBodyBytes=" + maxBodyBytes + ", streamInterval=" + streamInterval + ", heartbeatInterval="
        + heartbeatInterval + "}";
  }

  /** Builds a {@link DashboardConfig}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> explicit = new HashSet<>();
    private Settings settings = Settings.empty();
    private String host = "127.0.0.1";
    private int port = 8081;
    private @Nullable String token;
    private boolean readsRequireToken;
    private int maxStreamClients = 8;
    private int maxBodyBytes = 16 * 1024;
    private Duration streamInterval = Duration.ofSeconds(1);
    private Duration heartbeatInterval = Duration.ofSeconds(15);

    private Builder() {}

    /**
     * The address to bind, e.g. {@code 0.0.0.0} to serve other machines (then configure a token and
     * {@link #readsRequireToken}).
     *
     * @throws IllegalArgumentException if blank
     */
    public Builder host(String host) {
      this.host = requireNonBlank(host, "host").trim();
      explicit.add("host");
      return this;
    }

    /**
     * The TCP port, 0 for a free one.
     *
     * @throws IllegalArgumentException if outside [0, 65535]
     */
    public Builder port(int port) {
      this.port = requireInRange(port, 0, 65_535, "port");
      explicit.add("port");
      return this;
    }

    /**
     * Enables the POST routes behind {@code Authorization: Bearer <token>}.
     *
     * @throws IllegalArgumentException if shorter than {@value #MIN_TOKEN_LENGTH} characters or containing
     *     whitespace
     */
    public Builder token(String token) {
      this.token = checkToken(token);
      explicit.add("token");
      return this;
    }

    private static String checkToken(String token) {
      Objects.requireNonNull(token, "token");
      if (token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("token must be at least " + MIN_TOKEN_LENGTH
            + " characters without whitespace, was " + token.length() + " characters");
      }
      return token;
    }

    /** Whether the API and stream require the token too. */
    public Builder readsRequireToken(boolean required) {
      this.readsRequireToken = required;
      explicit.add("reads-require-token");
      return this;
    }

    /**
     * Stream clients at once at most.
     *
     * @throws IllegalArgumentException if outside [1, 1000]
     */
    public Builder maxStreamClients(int clients) {
      this.maxStreamClients = requireInRange(clients, 1, 1000, "maxStreamClients");
      explicit.add("max-stream-clients");
      return this;
    }

    /**
     * Largest request body, bytes.
     *
     * @throws IllegalArgumentException if outside [16, 1048576]
     */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = requireInRange(bytes, 16, 1 << 20, "maxBodyBytes");
      explicit.add("max-body-bytes");
      return this;
    }

    /**
     * Time between two stream snapshots.
     *
     * @throws IllegalArgumentException if outside [10ms, 1m]
     */
    public Builder streamInterval(Duration interval) {
      this.streamInterval = requireInRange(interval, Duration.ofMillis(10), Duration.ofMinutes(1),
          "streamInterval");
      explicit.add("stream-interval");
      return this;
    }

    /**
     * Time between two heartbeat comments.
     *
     * @throws IllegalArgumentException if outside [10ms, 10m]
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = requireInRange(interval, Duration.ofMillis(10), Duration.ofMinutes(10),
          "heartbeatInterval");
      explicit.add("heartbeat-interval");
      return this;
    }

    /** Bound {@code optimizer.dashboard.*} values, applied by {@link #build()} where no builder call set one. */
    public Builder settings(Settings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException if a bound value is out of range
     * @throws IllegalStateException if reads require a token but none is configured
     */
    public DashboardConfig build() {
      if (!explicit.contains("host")) {
        settings.get(DashboardSettings.HOST).ifPresent(v -> host = v);
      }
      if (!explicit.contains("port")) {
        settings.get(DashboardSettings.PORT).ifPresent(v -> port = v);
      }
      if (!explicit.contains("token")) {
        settings.get(DashboardSettings.TOKEN).ifPresent(v -> token = checkToken(v));
      }
      if (!explicit.contains("reads-require-token")) {
        settings.get(DashboardSettings.READS_REQUIRE_TOKEN).ifPresent(v -> readsRequireToken = v);
      }
      if (!explicit.contains("max-stream-clients")) {
        settings.get(DashboardSettings.MAX_STREAM_CLIENTS).ifPresent(v -> maxStreamClients = v);
      }
      if (!explicit.contains("max-body-bytes")) {
        settings.get(DashboardSettings.MAX_BODY_BYTES).ifPresent(v -> maxBodyBytes = v);
      }
      if (!explicit.contains("stream-interval")) {
        settings.get(DashboardSettings.STREAM_INTERVAL).ifPresent(this::streamInterval);
      }
      if (!explicit.contains("heartbeat-interval")) {
        settings.get(DashboardSettings.HEARTBEAT_INTERVAL).ifPresent(this::heartbeatInterval);
      }
      if (readsRequireToken && token == null) {
        throw new IllegalStateException("readsRequireToken needs a token (optimizer.dashboard.token)");
      }
      return new DashboardConfig(this);
    }
  }
}
