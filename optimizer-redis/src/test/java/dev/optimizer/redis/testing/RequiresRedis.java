package dev.optimizer.redis.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class only when a Redis answers at {@code REDIS_URL} (default {@code
 * redis://127.0.0.1:6379}); otherwise skips it with a message, or fails it when {@code CI=true}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RedisAvailableCondition.class)
public @interface RequiresRedis {}
