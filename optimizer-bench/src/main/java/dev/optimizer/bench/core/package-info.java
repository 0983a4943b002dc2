/**
 * Benchmarks of {@code optimizer-core}: the cost the interception engine adds to a call.
 */
@NullMarked
package dev.optimizer.bench.core;

import org.jspecify.annotations.NullMarked;
