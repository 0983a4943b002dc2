package dev.optimizer.examples.service;

import dev.optimizer.cache.CacheResult;
import dev.optimizer.cache.Tier;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * {@code GET /api/report}: a large JSON document (every batch with its item totals, about 1 MB), built from
 * one aggregate query and kept in Redis for a minute in its stored form (compressed with the optimizer).
 */
@Component
public class ReportStore {
  private static final Logger log = LoggerFactory.getLogger(ReportStore.class);
  private final JdbcTemplate jdbc;
  private final ReportFrames frames;
  private final RedisClient redis;
  private final byte[] key;
  private final AtomicLong storedBytes = new AtomicLong();

  public ReportStore(JdbcTemplate jdbc, ReportFrames frames, RedisClient redis,
      @Value("${ref.redis.namespace:optimizer-ref}") String namespace) {
    this.jdbc = jdbc;
    this.frames = frames;
    this.redis = redis;
    this.key = (namespace + ":report").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The report's JSON bytes. With the optimizer each replica also keeps the last one in its L1 (Redis keeps
   * the compressed form for a minute): a 1 MB read per request is what the cache is for. A read of a copy
   * older than 10 s re-reads it in the background (refresh-ahead), so no request waits for Redis or for a
   * rebuild once the replica has a copy, and a copy is never served past a minute.
   */
  @CacheResult(cache = "ref-report", ttl = "60s", refreshAfter = "10s", tiers = Tier.L1)
  public byte[] report() {
    byte[] stored = redis.get(key);
    if (stored != null) {
      try {
        byte[] json = frames.unpack(stored);
        storedBytes.set(stored.length);
        return json;
      } catch (RuntimeException e) {
        // Stored in the other form (a replica with the optimizer switched the other way): rebuild it.
        log.warn("stored report unreadable ({}); rebuilding it", e.toString());
      }
    }
    byte[] json = build();
    stored = frames.pack(json);
    redis.set(key, stored, SetParams.setParams().ex(60));
    storedBytes.set(stored.length);
    return json;
  }

  /** Size of the report in Redis at the last read, bytes. */
  public long storedBytes() {
    return storedBytes.get();
  }

  private byte[] build() {
    StringBuilder json = new StringBuilder(1 << 20).append("{\"batches\":[");
    jdbc.query("select b.id, b.title, u.name, count(i.id), coalesce(sum(i.quantity * i.price_cents), 0) "
        + "from batches b join users u on u.id = b.assignee_id left join items i on i.batch_id = b.id "
        + "group by b.id, b.title, u.name order by b.id", rs -> {
          if (json.charAt(json.length() - 1) != '[') {
            json.append(',');
          }
          json.append("{\"id\":").append(rs.getLong(1)).append(",\"title\":\"").append(rs.getString(2))
              .append("\",\"assignee\":\"").append(rs.getString(3)).append("\",\"items\":").append(rs.getLong(4))
              .append(",\"totalCents\":").append(rs.getLong(5)).append(",\"status\":\"open\",\"notes\":\"")
              .append("reviewed by operations; no discrepancies found in the last reconciliation run")
              .append("\"}");
        });
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
