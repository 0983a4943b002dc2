package dev.optimizer.batch;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.util.List;
import java.util.Properties;

/** Run by {@link NoRedisClasspathTest} in a JVM without optimizer-redis and Jedis on its classpath. */
public final class NoRedisChild {
  private NoRedisChild() {}

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    if (args.length > 0 && args[0].equals("redis")) {
      props.setProperty("optimizer.batch.job-store.redis", "true");
    }
    OptimizerConfig config = OptimizerConfig.custom().environment(java.util.Map.of()).systemProperties(props)
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build();
    try (Optimizer o = Optimizer.builder().config(config).build()) {
      BatchProcessor p = o.module(BatchModule.class).processor();
      p.register("shout", (List<String> batch) -> batch.stream().map(String::toUpperCase).toList(),
          JobCodec.string(), JobCodec.string());
      List<String> out = p.submit(NamedJob.of("shout", List.of("ok"), JobCodec.string(), JobCodec.string()).build())
          .result().get().valuesOrThrow();
      System.out.println(out.get(0).toLowerCase() + " jedis="
          + (NoRedisChild.class.getClassLoader().getResource("redis/clients/jedis/Jedis.class") != null));
    } catch (IllegalStateException e) {
      System.out.println("refused: " + e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()));
    }
  }
}
