/** Implementation of {@code dev.optimizer.batch}; not an API, may change without notice. */
@NullMarked
package dev.optimizer.batch.internal;

import org.jspecify.annotations.NullMarked;
