/**
 * Benchmarks of {@code optimizer-compress}: the engine beside the raw codec libraries at the same level,
 * parallel blocks against one thread on a 64 MiB input, and the quality of automatic selection, on the
 * reproducible corpora of {@link dev.optimizer.bench.compress.CompressionCorpus}.
 */
@NullMarked
package dev.optimizer.bench.compress;

import org.jspecify.annotations.NullMarked;
