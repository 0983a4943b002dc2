package dev.optimizer.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.optimizer.core.SystemMetric;
import org.junit.jupiter.api.Test;

class DocumentAssemblerTest {
  @Test
  void sameSubject_tunableAndEventTargetsOfTheModules_match() {
    // As the modules name them: tunable name vs the targets of their events.
    assertThat(DocumentAssembler.sameSubject("compress.level", "compress")).isTrue();
    assertThat(DocumentAssembler.sameSubject("batch.optimizer-batch.workers", "batch.optimizer-batch")).isTrue();
    assertThat(DocumentAssembler.sameSubject("lazy.default.preload", "lazy.default.preload")).isTrue();
    assertThat(DocumentAssembler.sameSubject("cache.users", "cache.users.l1")).isTrue();
    assertThat(DocumentAssembler.sameSubject("cache.users", "cache.usersx")).isFalse();
    assertThat(DocumentAssembler.sameSubject("cache.users", "cache.orders.l1")).isFalse();
  }

  @Test
  void figureName_carriesTheUnit() {
    assertThat(DocumentAssembler.figureName(SystemMetric.SYSTEM_CPU)).isEqualTo("system_cpu_ratio");
    assertThat(DocumentAssembler.figureName(SystemMetric.DISK_READ_RATE)).isEqualTo("disk_read_bytes_per_second");
    assertThat(DocumentAssembler.figureName(SystemMetric.OLD_GEN_AFTER_GC)).isEqualTo("old_gen_after_gc_bytes");
  }
}
