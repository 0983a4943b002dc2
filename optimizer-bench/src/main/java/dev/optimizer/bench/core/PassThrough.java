package dev.optimizer.bench.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method for {@link PassThroughModule}'s no-op interceptor, so a benchmark measures the
 * interception engine alone, without any module's own work.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PassThrough {}
