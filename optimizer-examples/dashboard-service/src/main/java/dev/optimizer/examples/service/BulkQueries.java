package dev.optimizer.examples.service;

import dev.optimizer.batch.BatchProcess;
import dev.optimizer.examples.service.Model.User;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One-key lookups that the optimizer coalesces into one bulk query per burst ({@code @BatchProcess(bulk)}).
 * Without the optimizer each call is one query: the N+1 shape. The asynchronous forms run their query on a
 * pool of 64 threads, so that a page's lookups run concurrently, as such code is usually written.
 */
@Component
public class BulkQueries implements DisposableBean {
  private final JdbcTemplate jdbc;
  private final ExecutorService lookups;

  public BulkQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    AtomicInteger n = new AtomicInteger();
    this.lookups = Executors.newFixedThreadPool(64, r -> {
      Thread t = new Thread(r, "ref-lookup-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The user {@code id}, or null. One request's single lookup ({@code GET /api/users/{id}}), so it does not
   * wait for company ({@code maxDelayMillis = 0}): it goes out at once when no lookup is in flight, and
   * under load the lookups that arrive while one runs go out together when it returns.
   */
  @BatchProcess(bulk = "users", batchSize = 200, maxDelayMillis = 0)
  public User user(long id) {
    return users(List.of(id)).get(id);
  }

  /** The user {@code id} (null when there is none), looked up on the lookup pool. */
  @BatchProcess(bulk = "users", batchSize = 200, maxDelayMillis = 2)
  public CompletableFuture<User> userAsync(long id) {
    return CompletableFuture.supplyAsync(() -> users(List.of(id)).get(id), lookups);
  }

  /** The users among {@code ids}, in one query. */
  public Map<Long, User> users(Collection<Long> ids) {
    Map<Long, User> out = new HashMap<>();
    jdbc.query("select id, name, email from users where id = any(?)",
        rs -> {
          out.put(rs.getLong(1), new User(rs.getLong(1), rs.getString(2), rs.getString(3)));
        }, (Object) ids.toArray(Long[]::new));
    return out;
  }

  /** How many files batch {@code batchId} has, counted on the lookup pool. */
  @BatchProcess(bulk = "fileCounts", batchSize = 200, maxDelayMillis = 2)
  public CompletableFuture<Integer> fileCountAsync(long batchId) {
    return CompletableFuture.supplyAsync(() -> fileCounts(List.of(batchId)).get(batchId), lookups);
  }

  /** File counts of {@code batchIds} (0 for a batch without files), in one query. */
  public Map<Long, Integer> fileCounts(Collection<Long> batchIds) {
    Map<Long, Integer> out = new HashMap<>();
    batchIds.forEach(id -> out.put(id, 0));
    jdbc.query("select batch_id, count(*) from files where batch_id = any(?) group by batch_id",
        rs -> {
          out.put(rs.getLong(1), rs.getInt(2));
        }, (Object) batchIds.toArray(Long[]::new));
    return out;
  }

  @Override
  public void destroy() {
    lookups.shutdownNow();
  }
}
