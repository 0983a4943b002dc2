package dev.optimizer.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamHubTest {
  @Test
  void event_jsonBytes_framedAsOneSnapshotEvent() {
    byte[] json = Json.writeBytes(Map.of("name", "caf\u00e9"));

    assertThat(new String(StreamHub.event(json), StandardCharsets.UTF_8))
        .isEqualTo("event: snapshot\ndata: {\"name\":\"caf\u00e9\"}\n\n");
  }

  @Test
  void writeBytes_sameJsonAsWrite() {
    Object doc = Map.of("hit_rate", 0.5, "caches", java.util.List.of("a", "b"));

    assertThat(new String(Json.writeBytes(doc), StandardCharsets.UTF_8)).isEqualTo(Json.write(doc));
  }
}
