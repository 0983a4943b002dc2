/**
 * Multi-algorithm compression with self-describing frames: {@link dev.optimizer.compress.CompressionEngine},
 * its {@link dev.optimizer.compress.CompressionConfig}, the {@link dev.optimizer.compress.Compress} and
 * {@link dev.optimizer.compress.Decompress} annotations and the {@link dev.optimizer.compress.CompressionModule}
 * that plugs them into the optimizer.
 *
 * <p>Everything in {@code dev.optimizer.compress.internal} is implementation and may change without notice.
 */
@NullMarked
package dev.optimizer.compress;

import org.jspecify.annotations.NullMarked;
