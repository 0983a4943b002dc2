package dev.optimizer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever the size, batch size and strategy, every item is processed once and results come
 * back in input order. Cases are drawn from a fixed seed, so a failure names a reproducible case.
 * (Plain JUnit rather than jqwik: jqwik 1.10+ asks AI coding agents not to use it.)
 */
class BatchProcessorPropertyTest {
  private static BatchProcessor processor;

  @BeforeAll
  static void start() {
    processor = BatchProcessor.create(BatchConfig.custom().name("property").maxWorkers(3).build());
  }

  @AfterAll
  static void stop() {
    processor.closeNow();
  }

  static Stream<Arguments> cases() {
    SplittableRandom r = new SplittableRandom(20261122L);
    Strategy[] strategies = Strategy.values();
    // Edges first, then random cases.
    Stream<Arguments> edges = Stream.of(Strategy.values()).flatMap(s -> Stream.of(
        Arguments.of(0, 1, s), Arguments.of(1, 1, s), Arguments.of(64, 64, s), Arguments.of(65, 64, s)));
    Stream<Arguments> random = IntStream.range(0, 60).mapToObj(i -> Arguments.of(r.nextInt(601),
        1 + r.nextInt(64), strategies[r.nextInt(strategies.length)]));
    return Stream.concat(edges, random);
  }

  @ParameterizedTest(name = "size={0} batchSize={1} {2}")
  @MethodSource("cases")
  void submit_anySizeBatchAndStrategy_everyItemOnceInInputOrder(int size, int batchSize, Strategy strategy) {
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      items.add(i);
    }
    Job<Integer, String> job = strategy == Strategy.PIPELINE
        ? Job.pipeline(items, Pipeline.<Integer, Integer>first("inc", b -> b.stream().map(x -> x + 1).toList())
            .then("show", b -> b.stream().map(x -> "s" + (x - 1)).toList())).batchSize(batchSize).build()
        : Job.<Integer, String>of(items, b -> b.stream().map(x -> "s" + x).toList()).strategy(strategy)
            .batchSize(batchSize).build();
    JobResult<String> r = processor.submit(job).result().join();
    assertThat(r.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(r.valuesOrThrow()).containsExactlyElementsOf(items.stream().map(x -> "s" + x).toList());
  }
}
