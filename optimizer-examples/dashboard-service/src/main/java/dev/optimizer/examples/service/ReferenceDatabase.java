package dev.optimizer.examples.service;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service's own database ({@code optimizer_ref} by default), schema and seed: created when missing,
 * under an advisory lock so that two replicas starting together seed once.
 */
public final class ReferenceDatabase {
  /** Seeded sizes: the issue asks for tens of thousands of items, batches and users. */
  public static final int USERS = 20_000;
  public static final int BATCHES = 5_000;
  public static final int ITEMS = 50_000;
  public static final int FILES = 40_000;
  public static final int TOKENS = 20_000;
  public static final int SYNC_RECORDS = 10_000;
  /** Bumped when the schema or seed changes: an older database is dropped and seeded again. */
  static final int SEED_VERSION = 1;

  private static final Logger log = LoggerFactory.getLogger(ReferenceDatabase.class);
  private static final long SEED_LOCK = 1_717_017;

  private ReferenceDatabase() {}

  /** Creates the database named by {@code --ref.db.name} (default optimizer_ref) when it does not exist. */
  static void ensureExists(String[] args) {
    String host = arg(args, "ref.db.host", "127.0.0.1:5432");
    String name = arg(args, "ref.db.name", "optimizer_ref");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("select 1 from pg_database where datname = '" + name.replace("'", "") + "'");
      if (!rs.next()) {
        try {
          s.execute("create database " + name);
          log.info("created database {}", name);
        } catch (SQLException raced) {
          log.info("database {} was created by another replica ({})", name, raced.getMessage());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reach PostgreSQL at " + host + " to create database " + name, e);
    }
  }

  private static String arg(String[] args, String key, String fallback) {
    for (String a : args) {
      if (a.startsWith("--" + key + "=")) {
        return a.substring(key.length() + 3);
      }
    }
    return System.getProperty(key, fallback);
  }

  /** Creates the schema and seeds it unless a seed of this version is there. */
  static void seed(DataSource dataSource) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.execute((Connection c) -> {
      try (Statement s = c.createStatement()) {
        s.execute("select pg_advisory_lock(" + SEED_LOCK + ")");
        try {
          seedLocked(s);
        } finally {
          s.execute("select pg_advisory_unlock(" + SEED_LOCK + ")");
        }
      }
      return null;
    });
  }

  private static void seedLocked(Statement s) throws SQLException {
    s.execute("create table if not exists seed_version (version int primary key)");
    var rs = s.executeQuery("select coalesce(max(version), 0) from seed_version");
    rs.next();
    if (rs.getInt(1) == SEED_VERSION) {
      return;
    }
    long start = System.nanoTime();
    for (String t : new String[] {"sync_records", "tokens", "files", "items", "batches", "users", "settings"}) {
      s.execute("drop table if exists " + t + " cascade");
    }
    s.execute("create table users (id bigint primary key, name text not null, email text not null)");
    s.execute("create table batches (id bigint primary key, title text not null, "
        + "assignee_id bigint not null references users(id), created_at timestamptz not null)");
    s.execute("create table items (id bigint primary key, batch_id bigint not null references batches(id), "
        + "sku text not null, quantity int not null, price_cents bigint not null)");
    s.execute("create table files (id bigint primary key, batch_id bigint not null references batches(id), "
        + "name text not null, size_bytes bigint not null)");
    s.execute("create table tokens (token text primary key, user_id bigint not null references users(id), "
        + "secret text not null, expires_at timestamptz not null)");
    s.execute("create table sync_records (id bigint primary key, payload text not null, version int not null, "
        + "synced_at timestamptz)");
    s.execute("create table settings (key text primary key, value text not null)");
    s.execute("insert into users select g, 'user-' || g, 'user' || g || '@example.com' "
        + "from generate_series(1, " + USERS + ") g");
    s.execute("insert into batches select g, 'batch ' || g, 1 + (g * 7919) % " + USERS
        + ", now() - (g || ' minutes')::interval from generate_series(1, " + BATCHES + ") g");
    s.execute("insert into items select g, 1 + g % " + BATCHES + ", 'SKU-' || (g % 997), 1 + g % 13, "
        + "100 + (g * 31) % 10000 from generate_series(1, " + ITEMS + ") g");
    s.execute("insert into files select g, 1 + (g * 13) % " + BATCHES + ", 'file-' || g || '.pdf', "
        + "1024 * (1 + g % 500) from generate_series(1, " + FILES + ") g");
    s.execute("create index files_batch on files(batch_id)");
    s.execute("create index items_batch on items(batch_id)");
    s.execute("insert into tokens select 'tok-' || g, 1 + g % " + USERS + ", md5('secret' || g), "
        + "now() + interval '10 years' from generate_series(1, " + TOKENS + ") g");
    s.execute("insert into sync_records select g, 'record ' || g, 0, null from generate_series(1, "
        + SYNC_RECORDS + ") g");
    s.execute("insert into settings select 'feature.' || g, 'value-' || g from generate_series(1, 200) g");
    s.execute("analyze");
    s.execute("delete from seed_version");
    s.execute("insert into seed_version values (" + SEED_VERSION + ")");
    log.info("seeded {} users, {} batches, {} items, {} files, {} tokens, {} sync records in {} ms", USERS,
        BATCHES, ITEMS, FILES, TOKENS, SYNC_RECORDS, (System.nanoTime() - start) / 1_000_000);
  }
}
