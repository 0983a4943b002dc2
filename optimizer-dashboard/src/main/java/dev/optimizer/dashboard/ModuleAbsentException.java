package dev.optimizer.dashboard;

/**
 * A document needs a module the optimizer does not have: its jar is not on the classpath, or the optimizer was
 * built without it. The HTTP layer answers 404 with {@link #artifact()} in the error.
 */
public final class ModuleAbsentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String module;
  private final String artifact;

  /**
   * @param module the module's name, e.g. {@code cache}
   * @param artifact the Maven coordinates to add, e.g. {@code dev.optimizer:optimizer-cache}
   */
  public ModuleAbsentException(String module, String artifact) {
    super("the " + module + " module is not loaded: add " + artifact
        + " to the classpath and let the optimizer start it");
    this.module = module;
    this.artifact = artifact;
  }

  /** The module's name, e.g. {@code cache}. */
  public String module() {
    return module;
  }

  /** The Maven {@code groupId:artifactId} to add, e.g. {@code dev.optimizer:optimizer-cache}. */
  public String artifact() {
    return artifact;
  }
}
