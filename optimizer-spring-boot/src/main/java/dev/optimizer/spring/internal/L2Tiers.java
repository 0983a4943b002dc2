package dev.optimizer.spring.internal;

import dev.optimizer.cache.spi.ByteTier;
import java.util.function.Function;

/** Makes a cache's L2 tier from its name over the shared Redis connection. */
@FunctionalInterface
public interface L2Tiers extends Function<String, ByteTier> {}
