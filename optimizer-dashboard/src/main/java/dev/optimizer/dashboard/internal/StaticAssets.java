package dev.optimizer.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** The page's files, read once from the jar: the page, its script and style, and the bundled uPlot. */
final class StaticAssets {
  record Asset(byte[] bytes, String contentType) {}

  private static final String ROOT = "/dev/optimizer/dashboard/static/";

  private final Map<String, Asset> byPath = new TreeMap<>();

  StaticAssets() {
    add("/", "index.html", "text/html; charset=utf-8");
    add("/app.js", "app.js", "text/javascript; charset=utf-8");
    add("/app.css", "app.css", "text/css; charset=utf-8");
    add("/uplot/uPlot.iife.min.js", "uplot/uPlot.iife.min.js", "text/javascript; charset=utf-8");
    add("/uplot/uPlot.min.css", "uplot/uPlot.min.css", "text/css; charset=utf-8");
    add("/uplot/LICENSE", "uplot/LICENSE", "text/plain; charset=utf-8");
  }

  private void add(String path, String file, String contentType) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard jar lacks " + ROOT + file);
      }
      byPath.put(path, new Asset(in.readAllBytes(), contentType));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT + file, e);
    }
  }

  Asset find(String path) {
    return byPath.get(path);
  }
}
