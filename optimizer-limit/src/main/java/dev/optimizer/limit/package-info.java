/**
 * Limits for the optimizer: {@link dev.optimizer.limit.RateLimiter} (local, or across nodes through Redis
 * with {@link dev.optimizer.limit.RedisRateLimiter}), the adaptive {@link dev.optimizer.limit.ConcurrencyLimiter},
 * and the {@code @RateLimit} / {@code @ConcurrencyLimit} annotations, plugged into the optimizer by {@link
 * dev.optimizer.limit.LimitModule}.
 *
 * <p>Everything in {@code dev.optimizer.limit.internal} is implementation and may change without notice.
 */
@NullMarked
package dev.optimizer.limit;

import org.jspecify.annotations.NullMarked;
