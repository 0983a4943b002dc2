package dev.optimizer.limit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits calls of the method per key through the {@link LimitModule}'s {@link RateLimiter} of this name
 * (local, or Redis when the module decides through Redis). A refused call throws {@link
 * RateLimitedException} carrying the retry-after, before the method runs.
 *
 * <pre>{@code
 * @RateLimit(rate = "10/1m", burst = 5, key = "{0}")
 * String chat(String clientId, String message);
 * }</pre>
 *
 * <p>{@code optimizer.limit.<name>.rate} and {@code .burst} override the annotation's values.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RateLimit {
  /** The limiter's name; default {@code <SimpleClassName>.<method>}. Methods with one name share a rate. */
  String name() default "";

  /** The rate, {@code <permits>/<period>}, e.g. {@code "10/1m"}. */
  String rate();

  /** Calls admitted at once beyond the steady spacing (see {@link RateLimiterConfig}). */
  int burst() default 0;

  /**
   * The key: text in which {@code {i}} stands for argument {@code i} ({@code String.valueOf}), e.g. {@code
   * "{0}"} or {@code "tenant:{1}"}; empty (the default) for one key shared by every call.
   */
  String key() default "";

  /** Longest wait for a permit, as a duration (e.g. {@code "200ms"}); empty (the default) for none. */
  String maxWait() default "";
}
