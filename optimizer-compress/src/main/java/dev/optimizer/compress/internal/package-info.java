/** Implementation of the compression engine: codecs, the frame format, block parallelism, selection. */
@NullMarked
package dev.optimizer.compress.internal;

import org.jspecify.annotations.NullMarked;
