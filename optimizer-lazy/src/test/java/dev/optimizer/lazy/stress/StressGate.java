package dev.optimizer.lazy.stress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs jcstress on this package and exits 1 if any test failed or erred: jcstress itself exits 0 either
 * way, which would let the {@code jcstress} profile pass with a forbidden outcome. Arguments go to
 * jcstress unchanged.
 */
public final class StressGate {
  private StressGate() {}

  public static void main(String[] args) throws Exception {
    PrintStream console = System.out;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(console, copy), true, StandardCharsets.UTF_8));
    try {
      org.openjdk.jcstress.Main.main(args);
    } finally {
      System.out.flush();
      System.setOut(console);
    }
    String out = copy.toString(StandardCharsets.UTF_8);
    boolean clean = out.contains("Failed tests: No matches.") && out.contains("Error tests: No matches.");
    boolean ran = out.contains("All remaining tests:") || out.contains("Interesting tests:");
    if (!clean || !ran) {
      console.println("jcstress: " + (ran ? "failed or erred tests, see above" : "no results were printed"));
      System.exit(1);
    }
    console.println("jcstress: no forbidden outcome, no error");
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
