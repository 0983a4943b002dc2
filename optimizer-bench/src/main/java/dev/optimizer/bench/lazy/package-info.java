/**
 * Benchmarks of {@code optimizer-lazy}: {@code Lazy.get()} once loaded and the cold first load, beside a
 * volatile field, Guava {@code Suppliers.memoize} and commons-lang3 {@code LazyInitializer}.
 */
@NullMarked
package dev.optimizer.bench.lazy;

import org.jspecify.annotations.NullMarked;
