package dev.optimizer.examples.service;

import dev.optimizer.examples.service.Model.Batch;
import dev.optimizer.examples.service.Model.BatchPage;
import dev.optimizer.examples.service.Model.BatchView;
import dev.optimizer.examples.service.Model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/batches?page=N}: 50 batches, each needing its assignee and its file count. Written the way
 * such code is written: one lookup per row, all of a page's lookups concurrent. Without the optimizer that
 * is 1 + 50 + 50 queries per page; with it the lookups coalesce into bulk queries and are then served from
 * the cache, a cached lookup as an already completed future.
 */
@Component
public class BatchPages {
  public static final int PAGE_SIZE = 50;

  private final JdbcTemplate jdbc;
  private final Directory directory;

  public BatchPages(JdbcTemplate jdbc, Directory directory) {
    this.jdbc = jdbc;
    this.directory = directory;
  }

  /** Page {@code page} (0-based). */
  public BatchPage page(int page) {
    if (page < 0) {
      throw new IllegalArgumentException("page must be >= 0, was " + page);
    }
    List<Batch> rows = jdbc.query("select id, title, assignee_id from batches order by id limit ? offset ?",
        (rs, i) -> new Batch(rs.getLong(1), rs.getString(2), rs.getLong(3)), PAGE_SIZE, page * PAGE_SIZE);
    List<CompletableFuture<BatchView>> views = new ArrayList<>(rows.size());
    for (Batch b : rows) {
      CompletableFuture<User> assignee = directory.userAsync(b.assigneeId());
      CompletableFuture<Integer> files = directory.fileCountAsync(b.id());
      views.add(assignee.thenCombine(files, (u, f) -> new BatchView(b.id(), b.title(),
          u == null ? "?" : u.name(), f == null ? 0 : f)));
    }
    return new BatchPage(page, views.stream().map(CompletableFuture::join).toList());
  }
}
