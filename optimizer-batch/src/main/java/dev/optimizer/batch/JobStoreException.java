package dev.optimizer.batch;

import java.util.Objects;

/**
 * A job of a {@link RedisJobStore} could not be run or read as stored. {@link #kind()} says what was wrong;
 * it fails that job (or that item, or that read) only, never the other jobs. Found as the {@link
 * ItemFailure#error()} of the items it failed, or thrown by a read of a job whose stored state is damaged.
 */
public final class JobStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What was wrong. */
  public enum Kind {
    /** The job names a handler that no live node has registered. */
    UNKNOWN_HANDLER,
    /** An item's bytes could not be decoded by the handler's item codec (or a result by its result codec). */
    UNDECODABLE_ITEM,
    /** The job's stored state (its hash in Redis) is not what the store wrote, e.g. edited by hand. */
    CORRUPT_JOB,
    /** The batch was delivered {@code maxDeliveries} times without completing; it is in the dead letters. */
    DEAD_LETTER,
    /** The handler failed the item on another node; {@link #remoteType()} names what it threw. */
    ITEM_FAILED
  }

  private final Kind kind;
  private final String remoteType;

  /**
   * @param kind what was wrong
   * @param message what, naming the job
   */
  public JobStoreException(Kind kind, String message) {
    this(kind, message, "");
  }

  /**
   * @param kind what was wrong
   * @param message what, naming the job
   * @param remoteType the class name of the exception thrown on the node that ran the item, or empty
   */
  public JobStoreException(Kind kind, String message, String remoteType) {
    super(Objects.requireNonNull(kind, "kind") + ": " + message);
    this.kind = kind;
    this.remoteType = Objects.requireNonNull(remoteType, "remoteType");
  }

  /** What was wrong. */
  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#ITEM_FAILED}, the class name of what the handler threw on its node; empty otherwise. */
  public String remoteType() {
    return remoteType;
  }
}
