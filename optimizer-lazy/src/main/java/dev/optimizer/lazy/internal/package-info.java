/** Implementation of {@code optimizer-lazy}; not an API, may change without notice. */
@NullMarked
package dev.optimizer.lazy.internal;

import org.jspecify.annotations.NullMarked;
