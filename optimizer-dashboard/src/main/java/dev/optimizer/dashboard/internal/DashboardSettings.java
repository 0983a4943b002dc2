package dev.optimizer.dashboard.internal;

import dev.optimizer.core.spi.ModuleSettings;
import dev.optimizer.core.spi.Setting;
import java.time.Duration;
import java.util.List;

/** The dashboard's {@code optimizer.dashboard.*} settings, listed for the core through ServiceLoader. */
public final class DashboardSettings implements ModuleSettings {
  public static final Setting<String> HOST = Setting.text("dashboard.host", "127.0.0.1",
      "address the dashboard binds; another than the loopback must be set explicitly");
  public static final Setting<Integer> PORT = Setting.integer("dashboard.port", 0, 65_535, "8081",
      "TCP port of the dashboard (0 picks a free one)");
  public static final Setting<String> TOKEN = Setting.text("dashboard.token", "none (POST routes disabled)",
      "bearer token the POST routes require (at least 16 characters)");
  public static final Setting<Boolean> READS_REQUIRE_TOKEN = Setting.bool("dashboard.reads-require-token",
      "false", "whether the API and stream also require the token");
  public static final Setting<Integer> MAX_STREAM_CLIENTS = Setting.integer("dashboard.max-stream-clients", 1,
      1000, "8", "stream clients connected at once at most; the next one gets 503");
  public static final Setting<Integer> MAX_BODY_BYTES = Setting.integer("dashboard.max-body-bytes", 16,
      1 << 20, "16384", "largest request body accepted; a larger one gets 413");
  public static final Setting<Duration> STREAM_INTERVAL = Setting.duration("dashboard.stream-interval", false,
      "1s", "time between two snapshots on the stream");
  public static final Setting<Duration> HEARTBEAT_INTERVAL = Setting.duration("dashboard.heartbeat-interval",
      false, "15s", "time between two heartbeat comments on the stream");

  @Override
  public String module() {
    return "dashboard";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(HOST, PORT, TOKEN, READS_REQUIRE_TOKEN, MAX_STREAM_CLIENTS, MAX_BODY_BYTES, STREAM_INTERVAL,
        HEARTBEAT_INTERVAL);
  }
}
