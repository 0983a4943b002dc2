/** JMH benchmarks of the tiered cache against raw Caffeine, Spring {@code @Cacheable} and raw MapDB. */
package dev.optimizer.bench.cache;
