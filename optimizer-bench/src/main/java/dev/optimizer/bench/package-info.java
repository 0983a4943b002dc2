/**
 * The benchmark suite's command line ({@link dev.optimizer.bench.BenchMain}): the demo, the quick or full
 * JMH suite, and the report with charts.
 */
@NullMarked
package dev.optimizer.bench;

import org.jspecify.annotations.NullMarked;
