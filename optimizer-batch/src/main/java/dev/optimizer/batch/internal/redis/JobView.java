package dev.optimizer.batch.internal.redis;

import dev.optimizer.batch.ItemFailure;
import dev.optimizer.batch.JobCodec;
import dev.optimizer.batch.JobResult;
import dev.optimizer.batch.JobStatus;
import dev.optimizer.batch.JobStoreException;
import dev.optimizer.batch.JobStoreException.Kind;
import dev.optimizer.batch.Progress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One job's hash as read from Redis, checked field by field; a damaged hash is a typed CORRUPT_JOB error. */
record JobView(long id, String handler, JobStatus status, int priority, int items, int batches, int batchSize,
    int batchesDone, long done, long failed, long startedMillis, long finishedMillis, String error,
    Map<String, String> metadata) {

  static JobView parse(long id, Map<String, String> h) {
    String handler = h.get("h");
    if (handler == null) {
      throw corrupt(id, "field 'h' (the handler) is missing");
    }
    String st = h.get("st");
    JobStatus status;
    try {
      status = JobStatus.valueOf(String.valueOf(st));
    } catch (IllegalArgumentException e) {
      throw corrupt(id, "field 'st' is '" + st + "', not a job state");
    }
    String error = h.getOrDefault("err", "");
    if (error.startsWith("CORRUPT_JOB: ")) {
      throw corrupt(id, error.substring("CORRUPT_JOB: ".length()));
    }
    int items = intField(id, h, "n");
    int batches = intField(id, h, "nb");
    int batchSize = intField(id, h, "bs");
    if (items < 0 || batches < 0 || batchSize < 1 || (long) batches * batchSize < items
        || (batches > 0 && (long) (batches - 1) * batchSize >= items)) {
      throw corrupt(id, "fields n=" + items + ", nb=" + batches + ", bs=" + batchSize + " do not fit together");
    }
    return new JobView(id, handler, status, intField(id, h, "pr"), items, batches, batchSize, intField(id, h, "bd"),
        intField(id, h, "d"), intField(id, h, "f"), longField(id, h, "t0", 0), longField(id, h, "ft", 0), error,
        metadata(h.getOrDefault("md", "")));
  }

  private static JobStoreException corrupt(long id, String what) {
    return new JobStoreException(Kind.CORRUPT_JOB, "job " + id + ": " + what);
  }

  private static int intField(long id, Map<String, String> h, String field) {
    long v = longField(id, h, field, Long.MIN_VALUE);
    if (v == Long.MIN_VALUE || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw corrupt(id, "field '" + field + "' is '" + h.get(field) + "', not an integer");
    }
    return (int) v;
  }

  private static long longField(long id, Map<String, String> h, String field, long absent) {
    String v = h.get(field);
    if (v == null) {
      return absent;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw corrupt(id, "field '" + field + "' is '" + v + "', not an integer");
    }
  }

  static String encodeMetadata(Map<String, String> metadata) {
    StringBuilder sb = new StringBuilder();
    metadata.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString();
  }

  private static Map<String, String> metadata(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }

  Progress progress(long nowMillis) {
    long end = status.isTerminal() && finishedMillis > 0 ? finishedMillis : nowMillis;
    double seconds = startedMillis > 0 ? Math.max(1, end - startedMillis) / 1000.0 : 0;
    double rate = seconds > 0 ? (done + failed) / seconds : 0;
    long remaining = Math.max(0, items - done - failed);
    Optional<Duration> eta = status.isTerminal() || rate <= 0 || done + failed == 0 ? Optional.empty()
        : Optional.of(Duration.ofMillis((long) (remaining / rate * 1000)));
    return new Progress(id, status, done, failed, items, rate, eta);
  }

  /** The batch's first item index. */
  int firstIndex(int batch) {
    return batch * batchSize;
  }

  int batchItems(int batch) {
    return Math.min(batchSize, items - batch * batchSize);
  }

  /**
   * The job's result from its outcomes per batch; values decoded with {@code codec}, or left as their bytes
   * when null.
   */
  JobResult<Object> result(Map<String, byte[]> outcomes, @Nullable JobCodec<?> codec) {
    Object[] values = new Object[items];
    List<ItemFailure> failures = new ArrayList<>();
    List<Integer> unprocessed = new ArrayList<>();
    if (error.startsWith("UNKNOWN_HANDLER")) {
      JobStoreException e = new JobStoreException(Kind.UNKNOWN_HANDLER, "job " + id + ": "
          + error.substring(error.indexOf(':') + 1).trim());
      for (int i = 0; i < items; i++) {
        failures.add(new ItemFailure(i, null, e, 1));
      }
      return new JobResult<>(id, status, Arrays.asList(values), failures, unprocessed, metadata);
    }
    for (int b = 0; b < batches; b++) {
      byte[] payload = outcomes.get(Integer.toString(b));
      int first = firstIndex(b);
      int count = batchItems(b);
      if (payload == null) {
        if (status.isTerminal()) {
          for (int i = 0; i < count; i++) {
            unprocessed.add(first + i);
          }
        }
        continue;
      }
      if (payload.length > 0 && payload[0] == 'D') {
        String deliveries = new String(payload, 1, payload.length - 1, StandardCharsets.US_ASCII);
        JobStoreException e = new JobStoreException(Kind.DEAD_LETTER, "job " + id + " batch " + b
            + " dead-lettered after " + deliveries + " deliveries");
        for (int i = 0; i < count; i++) {
          failures.add(new ItemFailure(first + i, null, e, Math.max(1, parseInt(deliveries))));
        }
        continue;
      }
      List<BatchFrames.Outcome> list;
      try {
        list = BatchFrames.outcomes(payload);
      } catch (IllegalArgumentException e) {
        throw corrupt(id, "outcome of batch " + b + ": " + e.getMessage());
      }
      if (list.size() != count) {
        throw corrupt(id, "outcome of batch " + b + " holds " + list.size() + " items, expected " + count);
      }
      for (int i = 0; i < count; i++) {
        BatchFrames.Outcome o = list.get(i);
        if (o.failed()) {
          failures.add(new ItemFailure(first + i, null, remoteError(o), o.attempts()));
        } else if (o.value() != null) {
          if (codec == null) {
            values[first + i] = o.value();
          } else {
            try {
              values[first + i] = codec.decode(o.value());
            } catch (RuntimeException e) {
              failures.add(new ItemFailure(first + i, null, new JobStoreException(Kind.UNDECODABLE_ITEM, "job " + id
                  + " item " + (first + i) + ": result not decodable: " + e.getMessage()), 1));
            }
          }
        }
      }
    }
    failures.sort((a, c) -> Integer.compare(a.index(), c.index()));
    return new JobResult<>(id, status, Arrays.asList(values), failures, unprocessed, metadata);
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private JobStoreException remoteError(BatchFrames.Outcome o) {
    String type = o.errorType();
    if (type.startsWith("kind:")) {
      Kind kind;
      try {
        kind = Kind.valueOf(type.substring(5));
      } catch (IllegalArgumentException e) {
        kind = Kind.ITEM_FAILED;
      }
      return new JobStoreException(kind, o.message());
    }
    return new JobStoreException(Kind.ITEM_FAILED, o.message(), type);
  }
}
