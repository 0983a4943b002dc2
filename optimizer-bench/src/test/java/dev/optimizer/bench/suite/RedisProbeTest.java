package dev.optimizer.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisProbeTest {
  @Test
  void answers_nothingListening_false() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(RedisProbe.answers("redis://127.0.0.1:" + port, 300)).isFalse();
  }

  @Test
  void answers_serverRepliesPong_true() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        try (Socket c = s.accept()) {
          c.getInputStream().read(new byte[16]);
          c.getOutputStream().write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
          c.getOutputStream().flush();
        } catch (IOException e) {
          // The probe has closed: nothing to answer.
        }
      });
      server.setDaemon(true);
      server.start();
      assertThat(RedisProbe.answers("redis://127.0.0.1:" + s.getLocalPort(), 5_000)).isTrue();
      server.join(5_000);
    }
  }

  @Test
  void answers_malformedUrl_false() {
    assertThat(RedisProbe.answers("not a url at all", 100)).isFalse();
  }
}
