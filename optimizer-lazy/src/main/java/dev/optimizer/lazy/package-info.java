/**
 * Lazy values and the lazy-loading registry: {@link dev.optimizer.lazy.Lazy} (load once, optional TTL),
 * {@link dev.optimizer.lazy.LazyRegistry} of named {@link dev.optimizer.lazy.LazyLoader}s with the
 * {@link dev.optimizer.lazy.LoadStrategy} LAZY, ON_DEMAND, CACHED and PRELOAD, and
 * {@link dev.optimizer.lazy.LazyLoad @LazyLoad} on methods, plugged into the optimizer by
 * {@link dev.optimizer.lazy.LazyModule}.
 *
 * <p>Everything in {@code dev.optimizer.lazy.internal} is implementation and may change without notice.
 */
@NullMarked
package dev.optimizer.lazy;

import org.jspecify.annotations.NullMarked;
