package dev.optimizer.core;

/**
 * A configuration setting that is unknown or whose value is malformed or out of range.
 *
 * <p>The message names the setting, where its value came from, the value and what is accepted.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String setting;

  /**
   * @param setting the setting's name as the user wrote it, e.g. {@code optimizer.level} or
   *     {@code OPTIMIZER_LEVEL}
   * @param message what was wrong and what is accepted
   */
  public InvalidSettingException(String setting, String message) {
    super(setting + ": " + message);
    this.setting = setting;
  }

  /** The offending setting's name, as the user wrote it. */
  public String setting() {
    return setting;
  }
}
