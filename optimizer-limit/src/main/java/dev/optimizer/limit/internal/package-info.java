/** Implementation of {@code dev.optimizer.limit}; not an API, may change without notice. */
@NullMarked
package dev.optimizer.limit.internal;

import org.jspecify.annotations.NullMarked;
