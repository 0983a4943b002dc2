package dev.optimizer.bench.demo;

import dev.optimizer.core.Optimizer;
import java.nio.file.Path;
import java.util.Optional;

/** One concern of the demo service, run plainly and through the optimizer on a fresh backend each time. */
interface DemoPart {
  /** What the part shows, e.g. {@code slow loader: 200 product lookups}. */
  String name();

  /** The workload against the plain implementation. */
  PartResult plain(Backend backend) throws Exception;

  /**
   * The same workload through {@code optimizer}, with files (the L3 store) under {@code dir}; empty when
   * the module it needs has not landed, with {@link #unavailableReason()} saying which.
   */
  Optional<PartResult> optimized(Backend backend, Optimizer optimizer, Path dir) throws Exception;

  /** Why {@link #optimized} is empty, e.g. {@code not available yet: optimizer-cache}. */
  default String unavailableReason() {
    return "not available yet";
  }
}
