package dev.optimizer.dashboard;

/** A document was asked for a job or cache that does not exist (or is no longer retained). HTTP 404. */
public final class NoSuchEntryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String id;

  /**
   * @param kind what was looked for: {@code job} or {@code cache}
   * @param id the id or name asked for
   */
  public NoSuchEntryException(String kind, String id) {
    super("no " + kind + " '" + id + "'");
    this.kind = kind;
    this.id = id;
  }

  /** What was looked for: {@code job} or {@code cache}. */
  public String kind() {
    return kind;
  }

  /** The id or name asked for. */
  public String id() {
    return id;
  }
}
