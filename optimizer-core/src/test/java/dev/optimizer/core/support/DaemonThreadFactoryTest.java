package dev.optimizer.core.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DaemonThreadFactoryTest {

  @Test
  void newThread_ofModuleAndPurpose_daemonNumberedFromOne() {
    DaemonThreadFactory f = DaemonThreadFactory.of("cache", "users-write-behind");
    Thread first = f.newThread(() -> {});
    Thread second = f.newThread(() -> {});
    assertThat(first.getName()).isEqualTo("optimizer-cache-users-write-behind-1");
    assertThat(second.getName()).isEqualTo("optimizer-cache-users-write-behind-2");
    assertThat(first.isDaemon()).isTrue();
    assertThat(second.isDaemon()).isTrue();
    assertThat(first.getState()).isEqualTo(Thread.State.NEW);
  }

  @Test
  void newThread_uncaughtException_handledByFactoryNotDefault() {
    Thread t = DaemonThreadFactory.of("batch", "worker").newThread(() -> {});
    assertThat(t.getUncaughtExceptionHandler()).isNotSameAs(t.getThreadGroup());
  }

  @Test
  void of_blankOrNull_rejected() {
    assertThatThrownBy(() -> DaemonThreadFactory.of(" ", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("module");
    assertThatThrownBy(() -> DaemonThreadFactory.of("x", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("purpose");
    assertThatThrownBy(() -> DaemonThreadFactory.of(null, "x")).isInstanceOf(NullPointerException.class);
  }
}
