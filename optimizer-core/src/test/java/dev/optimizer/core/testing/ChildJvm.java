package dev.optimizer.core.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a class's {@code main} in a child JVM whose class path is this one's minus some entries, for tests that
 * an optional dependency really is optional.
 */
public final class ChildJvm {
  /** The class path entries a JVM without optimizer-redis and Jedis leaves out. */
  public static final List<String> WITHOUT_REDIS = List.of("optimizer-redis", "jedis", "commons-pool2");

  private ChildJvm() {}

  /**
   * Runs {@code main} with {@code args} on this JVM's class path without the entries containing any of {@code
   * excluded}; returns its output (stdout and stderr).
   *
   * @throws AssertionError if the child does not end within 60 s or exits with a status other than 0
   */
  public static String runWithout(List<String> excluded, Class<?> main, String... args)
      throws IOException, InterruptedException {
    String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> excluded.stream().noneMatch(e::contains))
        .collect(Collectors.joining(File.pathSeparator));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", cp, main.getName()));
    cmd.addAll(Arrays.asList(args));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!child.waitFor(60, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError(main.getName() + " did not end within 60 s: " + out);
    }
    if (child.exitValue() != 0) {
      throw new AssertionError(main.getName() + " exited with " + child.exitValue() + ": " + out);
    }
    return out;
  }
}
