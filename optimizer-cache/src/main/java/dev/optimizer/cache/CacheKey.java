package dev.optimizer.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameters that make up the cache key of a {@link CacheResult}, {@link CachePut} or
 * {@link CacheInvalidate} method, in parameter order. Without any, every parameter is part of the key.
 * Methods meant to address the same entry must key on the same parameter types in the same order, e.g.
 * {@code find(String id)} and {@code update(@CacheKey String id, User user)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface CacheKey {}
