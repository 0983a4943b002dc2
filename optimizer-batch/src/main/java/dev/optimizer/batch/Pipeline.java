package dev.optimizer.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chain of named stages run by {@link Strategy#PIPELINE}: each batch flows through every stage in
 * order, each stage on its own thread with a bounded buffer ({@link BatchConfig#pipelineBuffer()}
 * batches) before the next, so stage {@code s+1} of batch {@code k} overlaps stage {@code s} of batch
 * {@code k+1}. A stage that throws (after the job's retries) fails the items of that batch, which skip
 * the later stages. Immutable.
 *
 * <pre>{@code
 * Pipeline<Long, Row> p = Pipeline.first("fetch", ids -> db.fetch(ids))
 *     .then("transform", rows -> rows.stream().map(Row::normalise).toList());
 * }</pre>
 *
 * @param <I> what the first stage takes
 * @param <O> what the last stage produces
 */
public final class Pipeline<I, O> {
  /**
   * One stage.
   *
   * @param name used in thread names and messages
   * @param function the stage's work; one output per input, in order
   */
  public record Stage(String name, BatchFunction<Object, Object> function) {
    /** Rejects nulls. */
    public Stage {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(function, "function");
    }
  }

  private final List<Stage> stages;

  private Pipeline(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  /** A one-stage pipeline. */
  @SuppressWarnings("unchecked")
  public static <I, O> Pipeline<I, O> first(String name, BatchFunction<I, O> function) {
    Objects.requireNonNull(function, "function");
    return new Pipeline<>(List.of(new Stage(name, (BatchFunction<Object, Object>) (BatchFunction<?, ?>) function)));
  }

  /** This pipeline followed by one more stage; this pipeline is unchanged. */
  @SuppressWarnings("unchecked")
  public <R> Pipeline<I, R> then(String name, BatchFunction<? super O, R> function) {
    Objects.requireNonNull(function, "function");
    List<Stage> next = new ArrayList<>(stages);
    next.add(new Stage(name, (BatchFunction<Object, Object>) (BatchFunction<?, ?>) function));
    return new Pipeline<>(next);
  }

  /** The stages in order. */
  public List<Stage> stages() {
    return stages;
  }
}
