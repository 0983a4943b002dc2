package dev.optimizer.bench.spring;

import dev.optimizer.bench.HotKeys;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.optimizer.cache.CacheResult;
import dev.optimizer.spring.OptimizerAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * The same bean method, an L1 hit, inside a Spring context: {@code @CacheResult} made to work by the Spring
 * Boot starter's advisor ({@code STARTER_CACHE_RESULT}) against Spring's {@code @Cacheable} on
 * {@code CaffeineCacheManager} ({@code SPRING_CACHEABLE}). Both beans are JDK proxies of one interface; same
 * Caffeine bound (10,000 entries, 10 minutes after write), 1,024 hot String keys, 2 threads. Issue 14 target:
 * ours at least 3x Spring.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main
 * SpringStarterHitBench -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SpringStarterHitBench {

  /** Which implementation is measured. */
  public enum Impl {
    /** Ours: {@code @CacheResult} on a Spring bean, through the starter's advisor. */
    STARTER_CACHE_RESULT,
    /** Peer: Spring {@code @Cacheable} with {@code CaffeineCacheManager}. */
    SPRING_CACHEABLE
  }

  /** The bean both annotation styles cache. */
  public interface UserService {
    String find(String id);
  }

  /** Ours. */
  public static class OptimizerUsers implements UserService {
    @Override
    @CacheResult(cache = "users")
    public String find(String id) {
      return "user-" + id;
    }
  }

  /** The peer. */
  public static class SpringUsers implements UserService {
    @Override
    @Cacheable("users")
    public String find(String id) {
      return "user-" + id;
    }
  }

  /** Ours: the starter's auto-configuration, nothing enabled by hand. */
  @Configuration
  @ImportAutoConfiguration(OptimizerAutoConfiguration.class)
  public static class StarterConfig {
    @Bean
    public UserService userService() {
      return new OptimizerUsers();
    }
  }

  /** The peer: caching on, Caffeine manager. */
  @Configuration
  @EnableCaching
  public static class SpringConfig {
    @Bean
    public CacheManager cacheManager() {
      CaffeineCacheManager m = new CaffeineCacheManager("users");
      m.setCaffeine(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)));
      return m;
    }

    @Bean
    public UserService userService() {
      return new SpringUsers();
    }
  }

  @Param
  public Impl impl;

  private String[] keys;
  private AnnotationConfigApplicationContext context;
  private UserService service;

  @Setup(Level.Trial)
  public void setUp() {
    keys = HotKeys.named("k");
    context = new AnnotationConfigApplicationContext();
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("bench",
        java.util.Map.of("optimizer.monitoring.enabled", "false", "optimizer.cache.defaults.l1-size", "10000",
            "optimizer.cache.defaults.l1-ttl", "10m")));
    context.register(impl == Impl.STARTER_CACHE_RESULT ? StarterConfig.class : SpringConfig.class);
    context.refresh();
    service = context.getBean(UserService.class);
    for (String k : keys) {
      service.find(k);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    context.close();
  }

  @Benchmark
  public String hit(HotKeys c) {
    return service.find(c.next(keys));
  }
}
