package dev.optimizer.examples.service;

import dev.optimizer.examples.service.Model.Batch;
import dev.optimizer.examples.service.Model.BatchPage;
import dev.optimizer.examples.service.Model.BatchView;
import dev.optimizer.examples.service.Model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/batches?page=N}: 50 batches, each needing its assignee and its file count. Written the way
 * such code is written: one lookup per row, run concurrently. Without the optimizer that is 1 + 50 + 50
 * queries per page; with it the lookups coalesce into bulk queries and are then served from the cache.
 */
@Component
public class BatchPages implements DisposableBean {
  public static final int PAGE_SIZE = 50;

  private final JdbcTemplate jdbc;
  private final Directory directory;
  private final ExecutorService lookups;

  public BatchPages(JdbcTemplate jdbc, Directory directory) {
    this.jdbc = jdbc;
    this.directory = directory;
    AtomicInteger n = new AtomicInteger();
    this.lookups = Executors.newFixedThreadPool(64, r -> {
      Thread t = new Thread(r, "ref-lookup-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
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
      CompletableFuture<User> assignee = CompletableFuture.supplyAsync(() -> directory.user(b.assigneeId()), lookups);
      CompletableFuture<Integer> files = CompletableFuture.supplyAsync(() -> directory.fileCount(b.id()), lookups);
      views.add(assignee.thenCombine(files, (u, f) -> new BatchView(b.id(), b.title(),
          u == null ? "?" : u.name(), f == null ? 0 : f)));
    }
    return new BatchPage(page, views.stream().map(CompletableFuture::join).toList());
  }

  @Override
  public void destroy() {
    lookups.shutdownNow();
  }
}
