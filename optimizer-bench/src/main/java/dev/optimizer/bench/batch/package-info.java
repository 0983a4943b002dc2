/** Benchmarks of {@code optimizer-batch}: coalescing, the adaptive strategy and the processor's overhead. */
@NullMarked
package dev.optimizer.bench.batch;

import org.jspecify.annotations.NullMarked;
