/**
 * JMH benchmarks of the Redis L2 tier against raw Jedis on a real Redis ({@code REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}). Group {@code redis}: the suite skips it when no Redis answers.
 */
@NullMarked
package dev.optimizer.bench.redis;

import org.jspecify.annotations.NullMarked;
