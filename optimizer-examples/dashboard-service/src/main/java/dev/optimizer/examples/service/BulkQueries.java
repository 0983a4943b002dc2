package dev.optimizer.examples.service;

import dev.optimizer.batch.BatchProcess;
import dev.optimizer.examples.service.Model.User;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One-key lookups that the optimizer coalesces into one bulk query per burst ({@code @BatchProcess(bulk)}).
 * Without the optimizer each call is one query: the N+1 shape.
 */
@Component
public class BulkQueries {
  private final JdbcTemplate jdbc;

  public BulkQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The user {@code id}, or null. */
  @BatchProcess(bulk = "users", batchSize = 200, maxDelayMillis = 2)
  public User user(long id) {
    return users(List.of(id)).get(id);
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

  /** How many files batch {@code batchId} has. */
  @BatchProcess(bulk = "fileCounts", batchSize = 200, maxDelayMillis = 2)
  public Integer fileCount(long batchId) {
    return fileCounts(List.of(batchId)).get(batchId);
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
}
