package dev.optimizer.limit;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;

/** Run by {@link NoRedisClasspathTest} in a JVM without optimizer-redis and Jedis on its classpath. */
public final class NoRedisChild {
  private NoRedisChild() {}

  /** The service of the check. */
  public interface Api {
    @RateLimit(rate = "1/1h", key = "{0}")
    String call(String client);

    @ConcurrencyLimit(name = "api")
    String work();
  }

  public static void main(String[] args) {
    try (Optimizer o = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.NONE).build()).build()) {
      Api api = o.proxy(Api.class, new Api() {
        @Override
        public String call(String client) {
          return "ok";
        }

        @Override
        public String work() {
          return "done";
        }
      });
      String first = api.call("a");
      String refused;
      try {
        api.call("a");
        refused = "admitted";
      } catch (RateLimitedException e) {
        refused = "refused";
      }
      System.out.println(first + " " + refused + " " + api.work() + " jedis="
          + (NoRedisChild.class.getClassLoader().getResource("redis/clients/jedis/Jedis.class") != null));
    }
  }
}
