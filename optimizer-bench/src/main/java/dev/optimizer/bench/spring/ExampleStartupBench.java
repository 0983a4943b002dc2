package dev.optimizer.bench.spring;

import dev.optimizer.examples.spring.ExampleApplication;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Startup time of the example application ({@code optimizer-examples/spring-boot}, web server included) with
 * the optimizer starter's auto-configuration ({@code WITH_STARTER}) and with it excluded
 * ({@code WITHOUT_STARTER}); everything else the same. Each iteration starts and closes the application once
 * (single shot). Needs PostgreSQL at 127.0.0.1:5432 (the example's schema) and Redis.
 *
 * <p>Runs on the Maven classpath, not the shaded jar (which keeps one {@code AutoConfiguration.imports} of the
 * many Boot jars carry, so Boot would start half-configured): {@code ./mvnw -B -q -pl optimizer-bench -am
 * package -DskipTests dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}, then {@code java -cp
 * optimizer-bench/target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main ExampleStartupBench -f 1 -wi 2 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
public class ExampleStartupBench {
  /** With or without the starter. */
  public enum Variant {
    WITH_STARTER,
    WITHOUT_STARTER
  }

  @Param
  public Variant variant;

  @Benchmark
  public Object start() {
    SpringApplication app = new SpringApplication(ExampleApplication.class);
    app.setWebApplicationType(WebApplicationType.SERVLET);
    String exclude = variant == Variant.WITHOUT_STARTER
        ? "--spring.autoconfigure.exclude=dev.optimizer.spring.OptimizerAutoConfiguration,"
            + "dev.optimizer.spring.OptimizerCacheManagerAutoConfiguration,"
            + "dev.optimizer.spring.OptimizerActuatorAutoConfiguration"
        : "--optimizer.enabled=true";
    try (ConfigurableApplicationContext ctx = app.run("--server.port=0", "--optimizer.monitoring.enabled=false",
        "--spring.main.banner-mode=off", "--logging.level.root=WARN", exclude)) {
      return ctx.getId();
    }
  }
}
