package dev.optimizer.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Virtual threads for tests of a build that targets Java 17: the load runs in a child JVM of Java 21 or
 * later (this machine kind has Temurin 25 under /usr/lib/jvm), which makes its threads through reflection.
 */
public final class VirtualThreads {
  private VirtualThreads() {}

  /** This JVM's java if it has virtual threads, else the first Java 21+ under /usr/lib/jvm, else null. */
  public static String javaBinary() throws IOException {
    if (Runtime.version().feature() >= 21) {
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(jvms)) {
      for (Path dir : dirs.sorted().toList()) {
        Path release = dir.resolve("release");
        Path java = dir.resolve("bin/java");
        if (Files.isReadable(release) && Files.isExecutable(java)) {
          Matcher m = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
          if (m.find() && Integer.parseInt(m.group(1)) >= 21) {
            return java.toString();
          }
        }
      }
    }
    return null;
  }

  /** A factory of virtual threads (Java 21+), through reflection so that this compiles for Java 17. */
  public static ThreadFactory factory() throws ReflectiveOperationException {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
  }
}
