package dev.optimizer.examples.service;

import dev.optimizer.cache.CacheInvalidate;
import dev.optimizer.cache.CacheKey;
import dev.optimizer.cache.CacheResult;
import dev.optimizer.examples.service.Model.User;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Users and file counts as the endpoints read them: cached ({@code @CacheResult}, L1 in each replica and L2
 * in Redis) over the coalesced lookups of {@link BulkQueries}. A rename on one replica drops the entry on
 * every replica.
 */
@Component
public class Directory {
  private final BulkQueries queries;
  private final JdbcTemplate jdbc;

  public Directory(BulkQueries queries, JdbcTemplate jdbc) {
    this.queries = queries;
    this.jdbc = jdbc;
  }

  /** The user {@code id}, or null. */
  @CacheResult(cache = "ref-users", ttl = "10m")
  public User user(long id) {
    return queries.user(id);
  }

  /**
   * The user {@code id} (null when there is none) without blocking the caller: the same cache entries as
   * {@link #user}; a hit is an already completed future.
   */
  @CacheResult(cache = "ref-users", ttl = "10m")
  public CompletableFuture<User> userAsync(long id) {
    return queries.userAsync(id);
  }

  /** Renames user {@code id}; every replica reads the new name next. */
  @CacheInvalidate(cache = "ref-users")
  public void rename(@CacheKey long id, String name) {
    jdbc.update("update users set name = ? where id = ?", name, id);
  }

  /**
   * Files of batch {@code batchId}; changes seldom, so a short TTL is fine. A count read again after 4
   * minutes is re-counted in the background (refresh-ahead): the counts a busy page shows never expire
   * under it all at once, which would send every page's lookups back to Redis and PostgreSQL together.
   */
  @CacheResult(cache = "ref-file-counts", ttl = "5m", refreshAfter = "4m")
  public CompletableFuture<Integer> fileCountAsync(long batchId) {
    return queries.fileCountAsync(batchId);
  }
}
