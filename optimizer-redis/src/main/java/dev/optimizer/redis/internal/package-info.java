/**
 * The shared connection's machinery: URL parsing, Jedis clients per deployment mode, the circuit
 * breaker, failure classification and the one subscriber. Not for users; use {@code
 * dev.optimizer.redis.RedisConnection}.
 */
@NullMarked
package dev.optimizer.redis.internal;

import org.jspecify.annotations.NullMarked;
