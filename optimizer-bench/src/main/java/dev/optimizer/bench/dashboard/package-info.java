/** Benchmarks of the dashboard: what serving the live page costs the hot path. */
@NullMarked
package dev.optimizer.bench.dashboard;

import org.jspecify.annotations.NullMarked;
