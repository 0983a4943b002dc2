package dev.optimizer.bench.cache;

import dev.optimizer.bench.HotKeys;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.optimizer.cache.CacheResult;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
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
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * L1 hit through an annotated method: {@code @CacheResult} on an {@code optimizer.proxy(...)} (ours,
 * {@code OPTIMIZER_PROXY}) against two peers: raw Caffeine {@code getIfPresent} ({@code RAW_CAFFEINE})
 * and Spring's {@code @Cacheable} on {@code CaffeineCacheManager} behind Spring's JDK proxy
 * ({@code SPRING_CACHEABLE}). Same Caffeine settings everywhere (10,000 entries, 10 minutes after
 * write, stats), 1,024 hot String keys, 2 threads. Issue 4 targets: ours at least 0.5x raw Caffeine and
 * at least 3x Spring.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main
 * CacheAnnotatedHitBench -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CacheAnnotatedHitBench {
  /** Suite group. */
  public static final String GROUP = "cache";


  /** Which implementation is measured. */
  public enum Impl {
    /** Ours: {@code @CacheResult} through an optimizer proxy. */
    OPTIMIZER_PROXY,
    /** Peer: Caffeine on its own. */
    RAW_CAFFEINE,
    /** Peer: Spring {@code @Cacheable} with {@code CaffeineCacheManager}. */
    SPRING_CACHEABLE
  }

  /** The service both annotation styles cache. */
  public interface UserService {
    @CacheResult(cache = "users")
    String find(String id);
  }

  /** The target: a computation worth caching. */
  public static class Users implements UserService {
    @Override
    public String find(String id) {
      return "user-" + id;
    }
  }

  /** The same service for Spring. */
  public static class SpringUsers implements UserService {
    @Override
    @Cacheable("users")
    public String find(String id) {
      return "user-" + id;
    }
  }

  /** Spring's configuration: caching on, Caffeine manager. */
  @Configuration
  @EnableCaching
  public static class SpringConfig {
    @Bean
    public CacheManager cacheManager() {
      CaffeineCacheManager m = new CaffeineCacheManager("users");
      m.setCaffeine(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10))
          .recordStats());
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
  private Optimizer optimizer;
  private UserService ours;
  private AnnotationConfigApplicationContext spring;
  private UserService springService;
  private Cache<String, String> caffeine;

  @Setup(Level.Trial)
  public void setUp() {
    keys = HotKeys.named("u");
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build()).build();
    ours = optimizer.proxy(UserService.class, new Users());
    spring = new AnnotationConfigApplicationContext(SpringConfig.class);
    springService = spring.getBean(UserService.class);
    caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10))
        .recordStats().build();
    for (String k : keys) {
      ours.find(k);
      springService.find(k);
      caffeine.put(k, "user-" + k);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    optimizer.close();
    spring.close();
  }

  @Benchmark
  public Object hit(HotKeys c) {
    String key = c.next(keys);
    return switch (impl) {
      case OPTIMIZER_PROXY -> ours.find(key);
      case RAW_CAFFEINE -> caffeine.getIfPresent(key);
      case SPRING_CACHEABLE -> springService.find(key);
    };
  }
}
