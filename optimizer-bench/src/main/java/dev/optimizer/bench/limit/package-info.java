/**
 * Benchmarks of {@code optimizer-limit}: local rate limiting against Bucket4j's local bucket and
 * Resilience4j's {@code RateLimiter}, Redis rate limiting against Bucket4j's Jedis proxy manager
 * (throughput, and Redis commands per decision from {@code INFO commandstats} and {@code MONITOR}), and the
 * overload experiment (open-loop load against a service of known capacity, no limiter vs a fixed limit vs
 * the adaptive limiter).
 */
@NullMarked
package dev.optimizer.bench.limit;

import org.jspecify.annotations.NullMarked;
