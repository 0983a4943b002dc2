package dev.optimizer.bench.cache;

import dev.optimizer.bench.HotKeys;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.optimizer.cache.CacheResult;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
 * L1 hit through a method returning {@code CompletableFuture}: {@code @CacheResult} on an {@code
 * optimizer.proxy(...)} ({@code OPTIMIZER_PROXY}) against Caffeine's {@code AsyncCache.get(key, fn)}
 * ({@code CAFFEINE_ASYNC}) and Spring's {@code @Cacheable} on a {@code CompletableFuture} method with
 * {@code CaffeineCacheManager} in async cache mode ({@code SPRING_CACHEABLE}). Same Caffeine settings
 * everywhere (10,000 entries, 10 minutes after write, stats), 1,024 hot keys, 2 threads; each call's future is
 * joined, as a caller would.
 *
 * <p>Run: {@code java -cp optimizer-bench/target/optimizer-bench.jar org.openjdk.jmh.Main
 * AsyncCacheHitBench -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(2)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AsyncCacheHitBench {
  /** Suite group. */
  public static final String GROUP = "cache";


  /** Which implementation is measured. */
  public enum Impl {
    /** Ours: {@code @CacheResult} on a {@code CompletableFuture} method through an optimizer proxy. */
    OPTIMIZER_PROXY,
    /** Peer: Caffeine's {@code AsyncCache} on its own. */
    CAFFEINE_ASYNC,
    /** Peer: Spring {@code @Cacheable} on a {@code CompletableFuture} method, async Caffeine manager. */
    SPRING_CACHEABLE
  }

  /** The service both annotation styles cache. */
  public interface UserService {
    @CacheResult(cache = "users")
    CompletableFuture<String> find(String id);
  }

  /** The target: a lookup worth caching. */
  public static class Users implements UserService {
    @Override
    public CompletableFuture<String> find(String id) {
      return CompletableFuture.completedFuture("user-" + id);
    }
  }

  /** The same service for Spring. */
  public static class SpringUsers implements UserService {
    @Override
    @Cacheable("users")
    public CompletableFuture<String> find(String id) {
      return CompletableFuture.completedFuture("user-" + id);
    }
  }

  /** Spring's configuration: caching on, Caffeine manager in async mode. */
  @Configuration
  @EnableCaching
  public static class SpringConfig {
    @Bean
    public CacheManager cacheManager() {
      CaffeineCacheManager m = new CaffeineCacheManager("users");
      m.setCaffeine(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10))
          .recordStats());
      m.setAsyncCacheMode(true);
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
  private AsyncCache<String, String> caffeine;

  @Setup(Level.Trial)
  public void setUp() {
    keys = HotKeys.named("u");
    optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build()).build();
    ours = optimizer.proxy(UserService.class, new Users());
    spring = new AnnotationConfigApplicationContext(SpringConfig.class);
    springService = spring.getBean(UserService.class);
    caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10))
        .recordStats().buildAsync();
    for (String k : keys) {
      ours.find(k).join();
      springService.find(k).join();
      caffeine.get(k, id -> "user-" + id).join();
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
      case OPTIMIZER_PROXY -> ours.find(key).join();
      case CAFFEINE_ASYNC -> caffeine.get(key, id -> "user-" + id).join();
      case SPRING_CACHEABLE -> springService.find(key).join();
    };
  }
}
