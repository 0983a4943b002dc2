package dev.optimizer.compress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method's result is compressed into a frame by the optimizer's {@link CompressionEngine}. On a method
 * returning {@code byte[]} the caller receives the frame; on a method returning {@code String} the caller
 * receives the frame of the string's UTF-8 bytes, Base64-encoded (a {@code String} method must return a
 * {@code String}). A null result stays null. Any other return type is rejected when the proxy is made.
 * Works on interface methods ({@code optimizer.proxy}) and class methods ({@code optimizer.enhance}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Compress {
  /**
   * The algorithm: empty (the default) for the engine's default ({@link CompressionEngine#compress(byte[],
   * String)} with {@link #contentKey()}), or exactly one algorithm.
   */
  Algorithm[] algorithm() default {};

  /** The level: empty (the default) for the engine's current level, or exactly one level. */
  Level[] level() default {};

  /**
   * The content key automatic selection caches its choice under; empty (the default) for the method's
   * declaring class and name.
   */
  String contentKey() default "";
}
