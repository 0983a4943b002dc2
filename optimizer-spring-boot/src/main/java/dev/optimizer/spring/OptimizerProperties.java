package dev.optimizer.spring;

import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Profile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code optimizer.*} key of {@code application.yml}, properties files and the environment. A key
 * left unset keeps the module's own default (see docs/configuration.md); where a key has the same name as
 * a module setting ({@code optimizer.level}, {@code optimizer.batch.max-workers}, ...) it means the same
 * thing and accepts the same values. Values are checked when the optimizer starts: a bad one stops startup
 * with a failure analysis naming the key and what it accepts.
 */
@ConfigurationProperties(prefix = "optimizer")
public class OptimizerProperties {
  /** Whether the optimizer and its modules are configured at all. */
  private boolean enabled = true;
  /** Preset of every value not set otherwise: DEVELOPMENT, PRODUCTION or TEST (TEST turns features off). */
  private @Nullable Profile profile;
  /** Performance level: NONE, BASIC, ADVANCED or AGGRESSIVE. */
  private @Nullable OptimizationLevel level;
  /** CPU utilisation, a fraction in (0, 1], at which CPU pressure is reported. */
  private @Nullable Double cpuThreshold;
  /** Memory utilisation, a fraction in (0, 1], at which memory pressure is reported. */
  private @Nullable Double memoryThreshold;
  /** Time between system samples and tuning passes, 10ms to 1h. */
  private @Nullable Duration monitorInterval;

  private final Monitoring monitoring = new Monitoring();
  private final Redis redis = new Redis();
  private final Cache cache = new Cache();
  private final Batch batch = new Batch();
  private final Compress compress = new Compress();
  private final Lazy lazy = new Lazy();
  private final Limit limit = new Limit();
  private final Advisor advisor = new Advisor();
  private final Dashboard dashboard = new Dashboard();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public @Nullable Profile getProfile() {
    return profile;
  }

  public void setProfile(@Nullable Profile profile) {
    this.profile = profile;
  }

  public @Nullable OptimizationLevel getLevel() {
    return level;
  }

  public void setLevel(@Nullable OptimizationLevel level) {
    this.level = level;
  }

  public @Nullable Double getCpuThreshold() {
    return cpuThreshold;
  }

  public void setCpuThreshold(@Nullable Double cpuThreshold) {
    this.cpuThreshold = cpuThreshold;
  }

  public @Nullable Double getMemoryThreshold() {
    return memoryThreshold;
  }

  public void setMemoryThreshold(@Nullable Double memoryThreshold) {
    this.memoryThreshold = memoryThreshold;
  }

  public @Nullable Duration getMonitorInterval() {
    return monitorInterval;
  }

  public void setMonitorInterval(@Nullable Duration monitorInterval) {
    this.monitorInterval = monitorInterval;
  }

  public Monitoring getMonitoring() {
    return monitoring;
  }

  public Redis getRedis() {
    return redis;
  }

  public Cache getCache() {
    return cache;
  }

  public Batch getBatch() {
    return batch;
  }

  public Compress getCompress() {
    return compress;
  }

  public Limit getLimit() {
    return limit;
  }

  public Lazy getLazy() {
    return lazy;
  }

  public Advisor getAdvisor() {
    return advisor;
  }

  public Dashboard getDashboard() {
    return dashboard;
  }

  /** The system sampler. */
  public static class Monitoring {
    /** Whether the sampler thread runs (default: the profile's, true but for TEST). */
    private @Nullable Boolean enabled;

    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The shared Redis connection (L2 tier, cross-node invalidation). */
  public static class Redis {
    /**
     * The server(s): a redis://, rediss://, redis-sentinel:// or redis-cluster:// URL. When neither this nor
     * Boot's spring.data.redis.* is set, no Redis connection is made and caches have no L2.
     */
    private @Nullable String url;
    /** Maximum pooled connections (per node in Cluster). */
    private @Nullable Integer poolSize;
    /** Longest wait for one reply (default: the connection's, 250 ms; else spring.data.redis.timeout). */
    private @Nullable Duration socketTimeout;
    /** Longest wait to open a connection (else spring.data.redis.connect-timeout). */
    private @Nullable Duration connectTimeout;
    /** Longest wait for a pooled connection when all are busy. */
    private @Nullable Duration borrowTimeout;

    public @Nullable Duration getSocketTimeout() {
      return socketTimeout;
    }

    public void setSocketTimeout(@Nullable Duration socketTimeout) {
      this.socketTimeout = socketTimeout;
    }

    public @Nullable Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(@Nullable Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public @Nullable Duration getBorrowTimeout() {
      return borrowTimeout;
    }

    public void setBorrowTimeout(@Nullable Duration borrowTimeout) {
      this.borrowTimeout = borrowTimeout;
    }

    public @Nullable String getUrl() {
      return url;
    }

    public void setUrl(@Nullable String url) {
      this.url = url;
    }

    public @Nullable Integer getPoolSize() {
      return poolSize;
    }

    public void setPoolSize(@Nullable Integer poolSize) {
      this.poolSize = poolSize;
    }
  }

  /** The cache module: defaults of every cache, and settings of named caches. */
  public static class Cache {
    /** Whether the cache annotations act (default: the profile's). */
    private @Nullable Boolean enabled;
    /** Directory of the caches' MapDB L3 files (name.db); setting it turns L3 on. */
    private @Nullable Path l3Directory;
    /** Java serialization allow-list of L2/L3 values: class names, package.* or package.**. */
    private List<String> allow = new ArrayList<>();
    /** Settings of every cache not named under optimizer.cache.caches. */
    private final CacheSpec defaults = new CacheSpec();
    /** Settings of named caches; unset keys fall back to optimizer.cache.defaults. */
    private Map<String, CacheSpec> caches = new LinkedHashMap<>();
    /** Whether the Spring CacheManager over the tiered caches is registered when no other exists. */
    private boolean cacheManager = true;

    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Path getL3Directory() {
      return l3Directory;
    }

    public void setL3Directory(@Nullable Path l3Directory) {
      this.l3Directory = l3Directory;
    }

    public List<String> getAllow() {
      return allow;
    }

    public void setAllow(List<String> allow) {
      this.allow = allow;
    }

    public CacheSpec getDefaults() {
      return defaults;
    }

    public Map<String, CacheSpec> getCaches() {
      return caches;
    }

    public void setCaches(Map<String, CacheSpec> caches) {
      this.caches = caches;
    }

    public boolean isCacheManager() {
      return cacheManager;
    }

    public void setCacheManager(boolean cacheManager) {
      this.cacheManager = cacheManager;
    }
  }

  /** One cache's settings. */
  public static class CacheSpec {
    /** L1 entry bound. */
    private @Nullable Long l1Size;
    /** TTL of every tier (L1 expiry after write); 0 for none. Per-tier TTLs below win. */
    private @Nullable Duration ttl;
    /** L1 expiry after write; 0 for none. */
    private @Nullable Duration l1Ttl;
    /** L2 (Redis) TTL; 0 for none. */
    private @Nullable Duration l2Ttl;
    /** L3 (MapDB) TTL; 0 for none. */
    private @Nullable Duration l3Ttl;
    /**
     * The tiers the cache has, among L1, L2 and L3 (default: L1, plus L2 when Redis is configured, plus L3
     * when optimizer.cache.l3-directory is set).
     */
    private @Nullable List<String> tiers;
    /** Whether null results are cached (with their own short TTL). */
    private @Nullable Boolean cacheNull;
    /**
     * Refresh-ahead: a hit on a value held this long returns at once and reloads it in the background
     * (shorter than the L1 TTL); 0 for none. A method's own @CacheResult(refreshAfter) wins.
     */
    private @Nullable Duration refreshAfter;

    public @Nullable Duration getRefreshAfter() {
      return refreshAfter;
    }

    public void setRefreshAfter(@Nullable Duration refreshAfter) {
      this.refreshAfter = refreshAfter;
    }

    public @Nullable Long getL1Size() {
      return l1Size;
    }

    public void setL1Size(@Nullable Long l1Size) {
      this.l1Size = l1Size;
    }

    public @Nullable Duration getTtl() {
      return ttl;
    }

    public void setTtl(@Nullable Duration ttl) {
      this.ttl = ttl;
    }

    public @Nullable Duration getL1Ttl() {
      return l1Ttl;
    }

    public void setL1Ttl(@Nullable Duration l1Ttl) {
      this.l1Ttl = l1Ttl;
    }

    public @Nullable Duration getL2Ttl() {
      return l2Ttl;
    }

    public void setL2Ttl(@Nullable Duration l2Ttl) {
      this.l2Ttl = l2Ttl;
    }

    public @Nullable Duration getL3Ttl() {
      return l3Ttl;
    }

    public void setL3Ttl(@Nullable Duration l3Ttl) {
      this.l3Ttl = l3Ttl;
    }

    public @Nullable List<String> getTiers() {
      return tiers;
    }

    public void setTiers(@Nullable List<String> tiers) {
      this.tiers = tiers;
    }

    public @Nullable Boolean getCacheNull() {
      return cacheNull;
    }

    public void setCacheNull(@Nullable Boolean cacheNull) {
      this.cacheNull = cacheNull;
    }
  }

  /** The batch module. */
  public static class Batch {
    /** Whether the batch annotations act (default: the profile's). */
    private @Nullable Boolean enabled;
    /** Default batch size of submitted jobs. */
    private @Nullable Integer batchSize;
    /** Largest batch the ADAPTIVE strategy may choose. */
    private @Nullable Integer maxBatchSize;
    /** Worker threads of the module's processor at most. */
    private @Nullable Integer maxWorkers;
    /** Where named jobs live: in this process, or in Redis for every replica. */
    private final BatchJobStore jobStore = new BatchJobStore();

    public BatchJobStore getJobStore() {
      return jobStore;
    }

    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Integer getBatchSize() {
      return batchSize;
    }

    public void setBatchSize(@Nullable Integer batchSize) {
      this.batchSize = batchSize;
    }

    public @Nullable Integer getMaxBatchSize() {
      return maxBatchSize;
    }

    public void setMaxBatchSize(@Nullable Integer maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
    }

    public @Nullable Integer getMaxWorkers() {
      return maxWorkers;
    }

    public void setMaxWorkers(@Nullable Integer maxWorkers) {
      this.maxWorkers = maxWorkers;
    }
  }

  /** The batch module's job store ({@code optimizer.batch.job-store.*}). */
  public static class BatchJobStore {
    /**
     * Whether named jobs live in Redis, on the shared connection: submitted on any replica, worked on by every
     * replica that registered the handler, readable from any (needs optimizer-redis and a Redis URL).
     */
    private boolean redis;
    /** Prefix of the store's keys; replicas that share jobs use the same one. */
    private String namespace = "optimizer-jobs";
    /** How long a worker owns a batch without renewing its lease. */
    private @Nullable Duration lease;
    /** Batches this replica works on at once. */
    private @Nullable Integer workers;
    /** How long a finished job stays readable. */
    private @Nullable Duration finishedTtl;

    public boolean isRedis() {
      return redis;
    }

    public void setRedis(boolean redis) {
      this.redis = redis;
    }

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public @Nullable Duration getLease() {
      return lease;
    }

    public void setLease(@Nullable Duration lease) {
      this.lease = lease;
    }

    public @Nullable Integer getWorkers() {
      return workers;
    }

    public void setWorkers(@Nullable Integer workers) {
      this.workers = workers;
    }

    public @Nullable Duration getFinishedTtl() {
      return finishedTtl;
    }

    public void setFinishedTtl(@Nullable Duration finishedTtl) {
      this.finishedTtl = finishedTtl;
    }
  }

  /** The compression module. */
  public static class Compress {
    /** Whether @Compress and @Decompress act (default: the profile's). */
    private @Nullable Boolean enabled;
    /** Default level: FAST, BALANCED or MAXIMUM. */
    private @Nullable String level;
    /** Fixed algorithm of compress(data) (GZIP, DEFLATE, BZIP2, XZ, LZ4, SNAPPY, BROTLI, ZSTD) or AUTO. */
    private @Nullable String algorithm;

    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable String getLevel() {
      return level;
    }

    public void setLevel(@Nullable String level) {
      this.level = level;
    }

    public @Nullable String getAlgorithm() {
      return algorithm;
    }

    public void setAlgorithm(@Nullable String algorithm) {
      this.algorithm = algorithm;
    }
  }

  /** The limit module ({@code optimizer-limit}). */
  public static class Limit {
    /** Whether @RateLimit and @ConcurrencyLimit act (default: the profile's). */
    private @Nullable Boolean enabled;
    /** Whether rate limiters decide through the shared Redis connection (needs optimizer-redis and a URL). */
    private boolean redis;

    public boolean isRedis() {
      return redis;
    }

    public void setRedis(boolean redis) {
      this.redis = redis;
    }

    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The lazy module. */
  public static class Lazy {
    /** Whether @LazyLoad acts (default: the profile's). */
    private @Nullable Boolean enabled;
    /** Most PRELOAD loaders one preload pass queues; 0 turns preloading off. */
    private @Nullable Integer preloadCount;
    /** Preloads running at the same time at most. */
    private @Nullable Integer preloadConcurrency;

    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Integer getPreloadCount() {
      return preloadCount;
    }

    public void setPreloadCount(@Nullable Integer preloadCount) {
      this.preloadCount = preloadCount;
    }

    public @Nullable Integer getPreloadConcurrency() {
      return preloadConcurrency;
    }

    public void setPreloadConcurrency(@Nullable Integer preloadConcurrency) {
      this.preloadConcurrency = preloadConcurrency;
    }
  }

  /** The advisor that makes the annotations work on Spring beans. */
  public static class Advisor {
    /**
     * Order of the optimizer's advice among Spring's advisors: lower runs outside. The default, 0, runs it
     * outside @Transactional (Ordered.LOWEST_PRECEDENCE), so a cached result skips the transaction.
     */
    private int order = 0;
    /**
     * Positions of the optimizer's own annotations relative to each other, by module name (cache, lazy,
     * batch, compress): lower runs outside. Unset modules keep their own order (cache 100, lazy 200,
     * batch 300, compress 400).
     */
    private Map<String, Integer> moduleOrder = new LinkedHashMap<>();

    public Map<String, Integer> getModuleOrder() {
      return moduleOrder;
    }

    public void setModuleOrder(Map<String, Integer> moduleOrder) {
      this.moduleOrder = moduleOrder;
    }

    public int getOrder() {
      return order;
    }

    public void setOrder(int order) {
      this.order = order;
    }
  }

  /** The dashboard page. */
  public static class Dashboard {
    /** Whether the optimizer dashboard page is mounted. */
    private boolean enabled = false;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
