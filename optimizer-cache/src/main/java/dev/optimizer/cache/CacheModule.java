package dev.optimizer.cache;

import dev.optimizer.cache.internal.CacheInvalidateInterceptor;
import dev.optimizer.cache.internal.CachePutInterceptor;
import dev.optimizer.cache.internal.CacheResultInterceptor;
import dev.optimizer.cache.internal.CacheSettings;
import dev.optimizer.cache.internal.DefaultTieredCache;
import dev.optimizer.cache.internal.KeyTemplate;
import dev.optimizer.cache.internal.SerializationCodec;
import dev.optimizer.compress.CompressionModule;
import dev.optimizer.core.spi.AnnotationLookup;
import dev.optimizer.core.Feature;
import dev.optimizer.core.spi.MethodInterceptor;
import dev.optimizer.core.spi.ModuleContext;
import dev.optimizer.core.spi.OptimizerModule;
import dev.optimizer.core.support.DaemonThreadFactory;
import dev.optimizer.core.support.Durations;
import dev.optimizer.core.spi.Settings;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache module of an {@code Optimizer}: found by {@link java.util.ServiceLoader}, it makes
 * {@link CacheResult}, {@link CachePut} and {@link CacheInvalidate} work on proxies and enhanced objects,
 * and keeps the registry of named caches they use. Feature {@link Feature#CACHE}, order 100 (outermost).
 *
 * <p>Caches are created on first use with {@link CacheModuleConfig} settings, completed by the optimizer's
 * bound {@code optimizer.cache.*} properties and {@code OPTIMIZER_CACHE_*} variables (L1 size, TTL, per cache
 * too, and the L3 directory) where the configuration's builder did not set them, bound to the optimizer's
 * meter registry, registered as tunables, compressed by the compression module's engine when present,
 * and closed with the optimizer. Register a cache you built yourself with {@link #register} <em>before</em>
 * making the proxies that use it. Thread-safe.
 *
 * <p>The blocking work that asynchronous reads hand off ({@code @CacheResult} methods returning {@code
 * CompletableFuture}, {@link TieredCache#getAsync}) runs on the module's I/O pool of up to 32 daemon threads,
 * which {@link #close()} shuts down.
 */
public final class CacheModule implements OptimizerModule {
  private static final Logger log = LoggerFactory.getLogger(CacheModule.class);

  private final CacheModuleConfig config;
  private final Map<String, TieredCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final Map<String, SerializationCodec<Object>> codecs = new ConcurrentHashMap<>();
  private final Set<TieredCache<?, ?>> owned = ConcurrentHashMap.newKeySet();
  /** One WARN per method, however many proxies are made of its type. */
  private final Map<Method, String> keyMismatches = new ConcurrentHashMap<>();
  private volatile @Nullable ModuleContext context;
  /**
   * Runs the blocking work that asynchronous reads hand off (lower-tier reads and writes of
   * {@code CompletableFuture} methods, {@code getAsync}): the common pool, one thread on a two-core host,
   * must not wait on Redis. Up to 32 threads, idle ones end after 30 s; stopped by {@link #close()}.
   */
  private final ThreadPoolExecutor io = ioExecutor();

  /** A module with {@link CacheModuleConfig#ofDefaults()}; the one {@code ServiceLoader} makes. */
  public CacheModule() {
    this(CacheModuleConfig.ofDefaults());
  }

  /** A module with {@code config}; pass it to {@code Optimizer.builder().module(...)}. */
  public CacheModule(CacheModuleConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public String name() {
    return "cache";
  }

  @Override
  public Optional<Feature> feature() {
    return Optional.of(Feature.CACHE);
  }

  @Override
  public int order() {
    return 100;
  }

  @Override
  public void start(ModuleContext context) {
    this.context = context;
  }

  /**
   * The cache called {@code name}, created with the module's settings if absent.
   *
   * @throws IllegalArgumentException if the name is invalid
   * @throws IllegalStateException if a cache registered under the name is not a
   *     {@code TieredCache<String, Object>} built by this library
   */
  @SuppressWarnings("unchecked")
  public TieredCache<String, Object> cache(String name) {
    TieredCache<?, ?> c = caches.computeIfAbsent(name, this::create);
    if (!(c instanceof DefaultTieredCache<?, ?>)) {
      throw new IllegalStateException("cache " + name + " is not a TieredCache built by TieredCache.builder");
    }
    return (TieredCache<String, Object>) c;
  }

  /**
   * Registers a cache built by the caller under its name: the module binds its meters and tunable, and
   * annotations naming it use it. The caller keeps ownership (closes it).
   *
   * @throws IllegalStateException if a cache of that name exists
   */
  public <K, V> TieredCache<K, V> register(TieredCache<K, V> cache) {
    Objects.requireNonNull(cache, "cache");
    if (caches.putIfAbsent(cache.name(), cache) != null) {
      throw new IllegalStateException("a cache named " + cache.name() + " is already registered");
    }
    attach(cache);
    return cache;
  }

  /** The cache called {@code name}, if created or registered. */
  public Optional<TieredCache<?, ?>> find(String name) {
    return Optional.ofNullable(caches.get(name));
  }

  /** Names of the caches created or registered, sorted. */
  public Set<String> cacheNames() {
    return new TreeSet<>(caches.keySet());
  }

  @Override
  public List<MethodInterceptor> interceptorsFor(Method method, Class<?> targetClass) {
    CacheResult result = AnnotationLookup.find(method, targetClass, CacheResult.class);
    CachePut put = AnnotationLookup.find(method, targetClass, CachePut.class);
    CacheInvalidate invalidate = AnnotationLookup.find(method, targetClass, CacheInvalidate.class);
    if (result == null && put == null && invalidate == null) {
      return List.of();
    }
    if (result != null && put != null) {
      throw new IllegalArgumentException("@CachePut on " + KeyTemplate.describe(method)
          + ": also has @CacheResult; a method either reads through the cache or always runs and stores");
    }
    List<MethodInterceptor> out = new ArrayList<>(2);
    if (result != null) {
      out.add(resultInterceptor(method, targetClass, result));
    }
    if (put != null) {
      out.add(putInterceptor(method, targetClass, put));
    }
    if (invalidate != null) {
      out.add(invalidateInterceptor(method, targetClass, invalidate));
    }
    return out;
  }

  /**
   * The WARN messages logged so far for {@code @CacheInvalidate}/{@code @CachePut} methods whose key can
   * never equal the key of a {@code @CacheResult} of the same cache on the same type; for tests.
   */
  Collection<String> keyMismatchWarnings() {
    return List.copyOf(keyMismatches.values());
  }

  private MethodInterceptor resultInterceptor(Method method, Class<?> targetClass, CacheResult a) {
    String where = "@CacheResult on " + method.getDeclaringClass().getName() + "." + method.getName();
    Class<?> rt = method.getReturnType();
    if (rt == void.class || rt == Void.class) {
      throw new IllegalArgumentException(where + ": a void method has no result to cache");
    }
    boolean async = rt == java.util.concurrent.CompletableFuture.class
        || rt == java.util.concurrent.CompletionStage.class;
    if (!async && (java.util.concurrent.Future.class.isAssignableFrom(rt)
        || java.util.concurrent.CompletionStage.class.isAssignableFrom(rt))) {
      throw new IllegalArgumentException(where + ": asynchronous results are cached only when the method "
          + "returns CompletableFuture or CompletionStage, not " + rt.getSimpleName());
    }
    EntryOptions options = EntryOptions.defaults().withCacheNull(a.cacheNull());
    if (!a.ttl().isEmpty()) {
      try {
        options = options.withTtl(Durations.parse(a.ttl()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": ttl " + e.getMessage(), e);
      }
    }
    if (a.tiers().length > 0) {
      options = options.withTiers(a.tiers());
    }
    if (a.cacheNull() && rt.isPrimitive()) {
      throw new IllegalArgumentException(where + ": cacheNull on a method returning " + rt.getName());
    }
    KeyTemplate keys = KeyTemplate.of(method, targetClass);
    TieredCache<String, Object> cache = cacheFor(where, a.cache());
    if (!a.refreshAfter().isEmpty()) {
      options = withRefreshAfter(where, a, options, cache.config());
    } else if (!cache.config().refreshAfter().isZero() && options.uses(Tier.L1)) {
      // The cache's own refresh-ahead; an entry whose TTL is shorter simply expires before it.
      options = options.withRefreshAfter(cache.config().refreshAfter());
    }
    SerializationCodec<Object> codec = codecs.get(a.cache());
    if (codec != null) {
      Class<?> valueType = async ? futureValueType(method) : rt;
      codec.allow(valueType.isPrimitive() ? Object.class : valueType);
    }
    return new CacheResultInterceptor((DefaultTieredCache<String, Object>) cache, keys, options, async);
  }

  /** Checks {@code @CacheResult.refreshAfter} against the tiers and the entry's life it would refresh within. */
  private static EntryOptions withRefreshAfter(String where, CacheResult a, EntryOptions options,
      CacheConfig cacheConfig) {
    Duration refreshAfter;
    try {
      refreshAfter = Durations.parse(a.refreshAfter());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": refreshAfter " + e.getMessage(), e);
    }
    if (!cacheConfig.l1Enabled() || !options.uses(Tier.L1)) {
      throw new IllegalArgumentException(where + ": refreshAfter needs the L1 tier, which reads check for "
          + "the refresh time; cache '" + a.cache() + "' " + (cacheConfig.l1Enabled() ? "is used here without it"
          : "has no L1"));
    }
    Duration life = options.ttl() != null ? options.ttl() : cacheConfig.l1ExpireAfterWrite();
    if (!life.isZero() && refreshAfter.compareTo(life) >= 0) {
      throw new IllegalArgumentException(where + ": refreshAfter " + a.refreshAfter() + " must be shorter than "
          + "the entry's life " + life + ", or the entry expires before it is ever refreshed");
    }
    return options.withRefreshAfter(refreshAfter);
  }

  /** {@code V} of a method returning {@code CompletableFuture<V>}, or Object when it is not a class. */
  private static Class<?> futureValueType(Method method) {
    if (method.getGenericReturnType() instanceof java.lang.reflect.ParameterizedType p) {
      java.lang.reflect.Type v = p.getActualTypeArguments()[0];
      if (v instanceof Class<?> c) {
        return c;
      }
      if (v instanceof java.lang.reflect.ParameterizedType vp && vp.getRawType() instanceof Class<?> c) {
        return c;
      }
    }
    return Object.class;
  }

  private MethodInterceptor putInterceptor(Method method, Class<?> targetClass, CachePut a) {
    String where = "@CachePut on " + KeyTemplate.describe(method);
    Class<?> rt = method.getReturnType();
    if (rt == void.class || rt == Void.class) {
      throw new IllegalArgumentException(where + ": a void method has no result to store; use "
          + "@CacheInvalidate to drop the entry instead");
    }
    if (java.util.concurrent.Future.class.isAssignableFrom(rt)
        || java.util.concurrent.CompletionStage.class.isAssignableFrom(rt)) {
      throw new IllegalArgumentException(where + ": asynchronous results (" + rt.getSimpleName()
          + ") are not cached; put the synchronous method's result or use TieredCache.putAsync");
    }
    Duration ttl = null;
    if (!a.ttl().isEmpty()) {
      try {
        ttl = Durations.parse(a.ttl());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": ttl " + e.getMessage(), e);
      }
    }
    KeyTemplate keys = KeyTemplate.of(method, targetClass);
    TieredCache<String, Object> cache = cacheFor(where, a.cache());
    SerializationCodec<Object> codec = codecs.get(a.cache());
    if (codec != null) {
      codec.allow(rt.isPrimitive() ? Object.class : rt);
    }
    warnIfNoResultKeyMatches("@CachePut", method, targetClass, a.cache());
    return new CachePutInterceptor(cache, keys, ttl, config.writeTiming());
  }

  private MethodInterceptor invalidateInterceptor(Method method, Class<?> targetClass, CacheInvalidate a) {
    String where = "@CacheInvalidate on " + method.getDeclaringClass().getName() + "." + method.getName();
    if (a.all() && !a.pattern().isEmpty()) {
      throw new IllegalArgumentException(where + ": set either all or pattern, not both");
    }
    TieredCache<String, Object> cache = cacheFor(where, a.cache());
    if (a.all()) {
      return CacheInvalidateInterceptor.forAll(cache).withTiming(config.writeTiming());
    }
    if (!a.pattern().isEmpty()) {
      try {
        return CacheInvalidateInterceptor.forPattern(cache, a.pattern(), method).withTiming(config.writeTiming());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    CacheInvalidateInterceptor interceptor =
        CacheInvalidateInterceptor.forKey(cache, KeyTemplate.of(method, targetClass))
            .withTiming(config.writeTiming());
    warnIfNoResultKeyMatches("@CacheInvalidate", method, targetClass, a.cache());
    return interceptor;
  }

  /**
   * Warns when {@code method} writes or drops keys of {@code cacheName} that no {@code @CacheResult} of
   * that cache on the same type can build: a stale entry nobody drops is silent in production, and the
   * usual cause (an extra non-key parameter such as the new value) is a one-word fix. Only a mismatch
   * with every such reader is reported; with no reader on the type, the readers may live elsewhere.
   */
  private void warnIfNoResultKeyMatches(String annotation, Method method, Class<?> targetClass,
      String cacheName) {
    List<Class<?>> shape = KeyTemplate.shape(method, targetClass);
    List<Method> readers = new ArrayList<>();
    for (Method m : method.getDeclaringClass().getMethods()) {
      CacheResult r = AnnotationLookup.find(m, targetClass, CacheResult.class);
      if (r == null || !r.cache().equals(cacheName)) {
        continue;
      }
      if (KeyTemplate.shape(m, targetClass).equals(shape)) {
        return;
      }
      readers.add(m);
    }
    if (readers.isEmpty()) {
      return;
    }
    readers.sort(java.util.Comparator.comparing(Method::toGenericString));
    StringBuilder theirs = new StringBuilder();
    for (Method r : readers) {
      if (theirs.length() > 0) {
        theirs.append("; ");
      }
      theirs.append("@CacheResult ").append(KeyTemplate.describe(r)).append(" keys on ")
          .append(shapeText(KeyTemplate.shape(r, targetClass)));
    }
    String message = annotation + "(cache = \"" + cacheName + "\") on " + KeyTemplate.describe(method)
        + " keys on " + shapeText(shape) + ", which can never equal the key of any @CacheResult of that "
        + "cache on " + method.getDeclaringClass().getSimpleName() + " (" + theirs + "), so "
        + ("@CachePut".equals(annotation) ? "what it stores is never read by them"
            : "their entries stay cached after it runs and are served stale")
        + ". Mark the parameters that identify the entry with @CacheKey (for example @CacheKey on the "
        + "id), so both methods key on the same parameter types in the same order.";
    if (keyMismatches.putIfAbsent(method, message) == null) {
      log.warn(message);
    }
  }

  private static String shapeText(List<Class<?>> shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(shape.get(i).getSimpleName());
    }
    return sb.append(')').toString();
  }

  private TieredCache<String, Object> cacheFor(String where, String name) {
    try {
      return cache(name);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private TieredCache<?, ?> create(String name) {
    ModuleContext started = context;
    // Bound optimizer.cache.* values fill what the template's builder did not set (builder > property > env).
    Settings settings = started != null ? started.settings() : Settings.empty();
    CacheConfig cfg = config.template().toBuilder(name).settings(settings).build();
    SerializationCodec<Object> codec = new SerializationCodec<>(config.allowList());
    TieredCache.Builder<String, Object> b = TieredCache.<String, Object>builder(cfg).valueCodec(codec);
    ModuleContext ctx = context;
    if (ctx != null) {
      b.ticker(ctx.ticker());
      ctx.module(CompressionModule.class).ifPresent(m -> b.compression(m.engine()));
    }
    if (config.l2Factory() != null) {
      b.l2(config.l2Factory().apply(name));
    }
    Path l3Directory = config.l3Directory() != null ? config.l3Directory()
        : settings.get(CacheSettings.L3_DIRECTORY).orElse(null);
    if (l3Directory != null) {
      MapDbConfig.Builder l3 = MapDbConfig.custom(l3Directory.resolve(name + ".db"));
      if (ctx != null) {
        l3.ticker(ctx.ticker());
      }
      b.l3(l3.build());
    }
    b.executor(io);
    TieredCache<String, Object> cache = b.build();
    codecs.put(name, codec);
    owned.add(cache);
    attach(cache);
    log.info("cache module: created {}", cache);
    return cache;
  }

  private static ThreadPoolExecutor ioExecutor() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(32, 32, 30,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        DaemonThreadFactory.of("cache", "io"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private void attach(TieredCache<?, ?> cache) {
    ModuleContext ctx = context;
    if (ctx != null) {
      cache.metrics().bindTo(ctx.meterRegistry());
      ctx.registerTunable(cache.tunable());
    }
  }

  @Override
  public void close() {
    ModuleContext ctx = context;
    for (TieredCache<?, ?> c : caches.values()) {
      if (ctx != null) {
        ctx.unregisterTunable(c.tunable());
      }
      if (owned.contains(c)) {
        try {
          c.close();
        } catch (RuntimeException e) {
          log.warn("closing cache {} failed", c.name(), e);
        }
      }
    }
    caches.clear();
    owned.clear();
    io.shutdown();
  }
}
