package dev.optimizer.bench.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the documentation's Java from drifting: every {@code ```java} block of README.md and of every
 * {@code docs/*.md} page must appear, with whitespace normalised, as a tagged region of a test source in
 * some module, where a test compiles it, runs it and asserts what its comments promise; and every tagged
 * region must still match a block of one of those pages (a block may appear on several pages, e.g. a
 * README quick start and its module's guide). A region is the text between {@code // tag::name[]} and
 * {@code // end::name[]}; regions with the same name in one file are joined in order (Asciidoctor's
 * rule), so a snippet that declares an interface and then uses it can keep the interface as a nested type
 * and the statements in a test method, with assertions in between outside the tags.
 *
 * <p>Lives in optimizer-bench because bench is built last and can see every module's sources; it reads
 * files only, so snippet tests can sit in whichever module has their dependencies.
 */
class ReadmeSnippetsCheckTest {
  private static final Pattern TAG =
      Pattern.compile("^[ \\t]*//[ \\t]*tag::([A-Za-z0-9_.-]+)\\[][ \\t]*$", Pattern.MULTILINE);

  /** A {@code ```java} block: the page it is on (relative to the project root), its first line, its text. */
  record Snippet(String page, int line, String text) {
    Snippet(int line, String text) {
      this("", line, text);
    }

    String firstLine() {
      return text.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    }
  }

  record Region(Path file, String name, String text) {}

  @Test
  void pages_everyJavaSnippet_isCompiledAndRunByASnippetTest() throws IOException {
    Path root = projectRoot();
    List<Snippet> snippets = pageSnippets(root);
    List<Region> regions = taggedRegions(root);
    assertThat(snippets).as("```java blocks in README.md").anyMatch(s -> s.page().equals("README.md"));
    assertThat(snippets).as("```java blocks in docs/*.md").anyMatch(s -> s.page().startsWith("docs/"));

    List<String> problems = new ArrayList<>();
    for (Snippet s : snippets) {
      String want = normalise(s.text());
      boolean found = regions.stream().anyMatch(r -> normalise(r.text()).equals(want));
      if (!found) {
        problems.add(missing(root, s, regions));
      }
    }
    assertThat(problems).as("README.md / docs/*.md snippets without a snippet test").isEmpty();
  }

  @Test
  void snippetTests_everyTaggedRegion_isStillOnAPage() throws IOException {
    Path root = projectRoot();
    List<String> shown = pageSnippets(root).stream().map(s -> normalise(s.text())).toList();
    List<String> stale = new ArrayList<>();
    for (Region r : taggedRegions(root)) {
      if (!shown.contains(normalise(r.text()))) {
        stale.add("tag '" + r.name() + "' in " + root.relativize(r.file()) + " (first line: "
            + r.text().strip().lines().findFirst().orElse("") + ") matches no ```java block of README.md or"
            + " docs/*.md: update it to the page's text or delete the tag and its test");
      }
    }
    assertThat(stale).as("snippet tests whose README/docs snippet changed or went").isEmpty();
  }

  @Test
  void pageSnippets_readmeAndDocs_eachBlockNamesItsPageAndLine(@TempDir Path root) throws IOException {
    Files.writeString(root.resolve("README.md"), "# x\n```java\na();\n```\n");
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/b.md"), "t\n\n```java\nb();\n```\n```java\na();\n```\n");
    Files.writeString(root.resolve("docs/a.md"), "```java\nc();\n```\n");
    Files.writeString(root.resolve("docs/notes.txt"), "```java\nnot a page();\n```\n");
    assertThat(pageSnippets(root)).containsExactly(
        new Snippet("README.md", 2, "a();\n"),
        new Snippet("docs/a.md", 1, "c();\n"),
        new Snippet("docs/b.md", 3, "b();\n"),
        new Snippet("docs/b.md", 6, "a();\n"));
    Snippet missing = new Snippet("docs/b.md", 3, "b();\n");
    assertThat(missing(root, missing, List.of())).startsWith("docs/b.md line 3, snippet starting 'b();'");
  }

  @Test
  void javaSnippets_fencedBlocks_extractedWithLineNumbers() {
    String md = "text\n```java\nint a = 1;\n```\n```\nshell\n```\n```java\n  b();\n```\n";
    assertThat(javaSnippets(md)).containsExactly(new Snippet(2, "int a = 1;\n"), new Snippet(8, "  b();\n"));
    assertThat(normalise("  a(1,\n      2);  // x\n")).isEqualTo("a(1, 2); // x");
  }

  private static String missing(Path root, Snippet s, List<Region> regions) {
    String want = normalise(s.text());
    Region closest = null;
    int best = -1;
    for (Region r : regions) {
      int common = commonPrefix(normalise(r.text()), want);
      if (common > best) {
        best = common;
        closest = r;
      }
    }
    String hint = "";
    if (closest != null && best > 20) {
      String have = normalise(closest.text());
      hint = "; closest is tag '" + closest.name() + "' in " + root.relativize(closest.file())
          + ", which differs from character " + best + ": the page has '" + excerpt(want, best)
          + "', the test has '" + excerpt(have, best) + "'";
    }
    return s.page() + " line " + s.line() + ", snippet starting '" + s.firstLine() + "': not found in any "
        + "snippet test. Copy it verbatim (indentation may differ) between // tag::<name>[] and "
        + "// end::<name>[] in a test of the module that has its dependencies, make the test run it and "
        + "assert what its comments promise (see 'Snippet tests' in docs/testing.md)" + hint;
  }

  private static String excerpt(String s, int from) {
    return s.substring(from, Math.min(s.length(), from + 40));
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }

  static String normalise(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  /** The pages whose Java is checked: README.md, then every {@code docs/*.md} in name order. */
  static List<Path> pages(Path root) throws IOException {
    List<Path> out = new ArrayList<>();
    out.add(root.resolve("README.md"));
    Path docs = root.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> list = Files.list(docs)) {
        list.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p)).sorted()
            .forEach(out::add);
      }
    }
    return out;
  }

  /** Every {@code ```java} block of every page, each naming its page (with '/' separators) and line. */
  static List<Snippet> pageSnippets(Path root) throws IOException {
    List<Snippet> out = new ArrayList<>();
    for (Path page : pages(root)) {
      String name = root.relativize(page).toString().replace('\\', '/');
      for (Snippet s : javaSnippets(Files.readString(page))) {
        out.add(new Snippet(name, s.line(), s.text()));
      }
    }
    return out;
  }

  static List<Snippet> javaSnippets(String markdown) {
    List<Snippet> out = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().equals("```java")) {
        int start = i + 1;
        StringBuilder sb = new StringBuilder();
        int j = start;
        while (j < lines.length && !lines[j].strip().equals("```")) {
          sb.append(lines[j]).append('\n');
          j++;
        }
        out.add(new Snippet(start, sb.toString()));
        i = j;
      }
    }
    return out;
  }

  /** Regions of every module's test sources, same-named regions of one file joined in order. */
  static List<Region> taggedRegions(Path root) throws IOException {
    List<Region> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> modules = Files.list(root)) {
      List<Path> testDirs = modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList();
      files = new ArrayList<>();
      for (Path d : testDirs) {
        try (Stream<Path> walk = Files.walk(d)) {
          walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
        }
      }
    }
    for (Path f : files) {
      String src = Files.readString(f);
      if (!src.contains("tag::")) {
        continue;
      }
      Map<String, StringBuilder> byName = new LinkedHashMap<>();
      Matcher m = TAG.matcher(src);
      while (m.find()) {
        String name = m.group(1);
        int bodyStart = m.end() + 1;
        Matcher end = Pattern.compile("^[ \\t]*//[ \\t]*end::" + Pattern.quote(name) + "\\[][ \\t]*$",
            Pattern.MULTILINE).matcher(src);
        if (!end.find(bodyStart)) {
          throw new IllegalStateException(f + ": // tag::" + name + "[] has no // end::" + name + "[]");
        }
        int bodyEnd = end.start();
        byName.computeIfAbsent(name, k -> new StringBuilder()).append(src, bodyStart, bodyEnd);
      }
      byName.forEach((name, text) -> out.add(new Region(f, name, text.toString())));
    }
    return out;
  }

  static Path projectRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("mvnw"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new UncheckedIOException(
        new IOException("no README.md with mvnw above " + Path.of("").toAbsolutePath()));
  }
}
