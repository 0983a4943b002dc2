package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handlers by name with the default in-memory store, and the codecs (issue 15). */
class NamedJobInMemoryTest {
  public record Video(String path, int width) {}

  @Test
  void inMemoryStore_registeredHandler_runsHere_unknownHandlerFailsTyped_idempotencyKeyReturnsSameJob() {
    try (BatchProcessor processor = BatchProcessor.create(BatchConfig.ofDefaults())) {
      assertThat(processor.config().jobStore()).isSameAs(JobStore.inMemory());
      processor.register("double", (List<Integer> b) -> b.stream().map(i -> i * 2).toList(),
          JobCodec.of(i -> new byte[0], b -> 0), JobCodec.of(i -> new byte[0], b -> 0));
      assertThatThrownBy(() -> processor.register("double", (List<Integer> b) -> b, JobCodec.of(i -> new byte[0],
          b -> 0), JobCodec.of(i -> new byte[0], b -> 0))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> processor.register("bad name{}", (List<Integer> b) -> b, JobCodec.of(i -> new byte[0],
          b -> 0), JobCodec.of(i -> new byte[0], b -> 0))).isInstanceOf(IllegalArgumentException.class);

      NamedJob<Integer, Integer> job = NamedJob.of("double", List.of(1, 2, 3), JobCodec.of(i -> new byte[0], b -> 0),
          JobCodec.of(i -> new byte[0], b -> 0)).idempotencyKey("k1").build();
      JobHandle<Integer> h = processor.submit(job);
      assertThat(h.result().join().values()).containsExactly(2, 4, 6);
      assertThat(processor.submit(job).id()).isEqualTo(h.id());
      assertThat(processor.progress(h.id()).orElseThrow().itemsDone()).isEqualTo(3);
      assertThat(processor.deadLetters(10)).isEmpty();
      assertThat(processor.jobStoreStats()).isEmpty();

      JobResult<Integer> unknown = processor.submit(NamedJob.of("nobody", List.of(1, 2), JobCodec.of(
          i -> new byte[0], b -> 0), JobCodec.of(i -> new byte[0], b -> 0)).build()).result().join();
      assertThat(unknown.status()).isEqualTo(JobStatus.FAILED);
      assertThat(unknown.failures()).hasSize(2).allSatisfy(f -> assertThat(((JobStoreException) f.error()).kind())
          .isEqualTo(JobStoreException.Kind.UNKNOWN_HANDLER));
      assertThat(processor.cancel(unknown.jobId())).isFalse();
    }
  }

  @Test
  void jsonCodec_roundTrips_andRefusesBytesOfAnotherShape() {
    JobCodec<Video> codec = JobCodec.json(new ObjectMapper(), Video.class);
    Video v = new Video("/a.mp4", 640);
    assertThat(codec.decode(codec.encode(v))).isEqualTo(v);
    assertThatThrownBy(() -> codec.decode("[\"java.lang.ProcessBuilder\",{\"command\":[\"id\"]}]".getBytes()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Video.class.getName());
    assertThat(JobCodec.longs().decode(JobCodec.longs().encode(-42L))).isEqualTo(-42L);
    assertThat(JobCodec.string().decode(JobCodec.string().encode("ü"))).isEqualTo("ü");
  }

  @Test
  void redisStoreConfig_rejectsSettingsThatCannotWork() {
    assertThatThrownBy(() -> RedisJobStoreConfig.custom().namespace("a}b")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisJobStoreConfig.custom().lease(java.time.Duration.ofSeconds(1))
        .renewInterval(java.time.Duration.ofSeconds(2)).build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RedisJobStoreConfig.custom().maxDeliveries(0)).isInstanceOf(
        IllegalArgumentException.class);
    RedisJobStoreConfig c = RedisJobStoreConfig.custom().lease(java.time.Duration.ofSeconds(9)).build();
    assertThat(c.renewInterval()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(c.namespace()).isEqualTo("optimizer-jobs");
  }
}
