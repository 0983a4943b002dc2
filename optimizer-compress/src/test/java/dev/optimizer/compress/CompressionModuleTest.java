package dev.optimizer.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.optimizer.core.Feature;
import dev.optimizer.core.OptimizationLevel;
import dev.optimizer.core.Optimizer;
import dev.optimizer.core.OptimizerConfig;
import dev.optimizer.core.testing.FakeTicker;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompressionModuleTest {
  public interface Documents {
    @Compress
    byte[] load(String id);

    @Compress(algorithm = Algorithm.GZIP, level = Level.MAXIMUM)
    String render(String id);

    int store(String id, @Decompress byte[] body);

    String echo(@Decompress String frame);
  }

  static final class DocumentStore implements Documents {
    byte[] lastStored;

    @Override
    public byte[] load(String id) {
      return TestData.text(10_000, id.hashCode());
    }

    @Override
    public String render(String id) {
      return "<html>" + "<p>" + id + "</p>".repeat(200) + "</html>";
    }

    @Override
    public int store(String id, byte[] body) {
      lastStored = body;
      return body.length;
    }

    @Override
    public String echo(String text) {
      return text;
    }
  }

  public interface BadReturn {
    @Compress
    int size();
  }

  public interface BadParameter {
    void put(@Decompress int[] values);
  }

  private static Optimizer optimizer(boolean compressionOn) {
    return Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment().monitoringEnabled(false)
        .level(OptimizationLevel.NONE).feature(Feature.COMPRESSION, compressionOn).build()).build();
  }

  @Test
  void proxy_annotatedMethods_compressResultsAndDecompressArguments() {
    try (Optimizer optimizer = optimizer(true)) {
      CompressionModule module = optimizer.module(CompressionModule.class);
      assertThat(module.order()).isEqualTo(400);
      CompressionEngine engine = module.engine();
      DocumentStore store = new DocumentStore();
      Documents docs = optimizer.proxy(Documents.class, store);

      byte[] frame = docs.load("a");
      assertThat(engine.decompress(frame)).isEqualTo(store.load("a"));

      String text = docs.render("b");
      byte[] textFrame = java.util.Base64.getDecoder().decode(text);
      assertThat(engine.inspect(textFrame).algorithm()).isEqualTo(Algorithm.GZIP);
      assertThat(engine.inspect(textFrame).level()).isEqualTo(Level.MAXIMUM);
      assertThat(new String(engine.decompress(textFrame), StandardCharsets.UTF_8)).isEqualTo(store.render("b"));
      assertThat(docs.echo(text)).isEqualTo(store.render("b"));

      assertThat(docs.store("c", frame)).isEqualTo(10_000);
      assertThat(store.lastStored).isEqualTo(store.load("a"));
      assertThatThrownBy(() -> docs.store("d", new byte[] {1, 2, 3})).isInstanceOf(CorruptDataException.class);
    }
  }

  @Test
  void proxy_unsupportedTypes_rejectedNamingMethodAndParameter() {
    try (Optimizer optimizer = optimizer(true)) {
      assertThatThrownBy(() -> optimizer.proxy(BadReturn.class, () -> 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size").hasMessageContaining("int");
      assertThatThrownBy(() -> optimizer.proxy(BadParameter.class, values -> { }))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("put").hasMessageContaining("values");
    }
  }

  @Test
  void proxy_featureOff_methodsGoStraightToTarget() {
    try (Optimizer optimizer = optimizer(false)) {
      DocumentStore store = new DocumentStore();
      Documents docs = optimizer.proxy(Documents.class, store);
      assertThat(docs.load("a")).isEqualTo(store.load("a"));
    }
  }

  @Test
  void start_optimizerTicker_engineUsesIt() {
    FakeTicker ticker = new FakeTicker();
    try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
        .monitoringEnabled(false).level(OptimizationLevel.NONE).build()).ticker(ticker).build()) {
      assertThat(optimizer.module(CompressionModule.class).engine().config().ticker()).isSameAs(ticker);
    }
  }

  @Test
  void start_configGivenItsOwnTicker_keepsIt() {
    FakeTicker own = new FakeTicker();
    try (Optimizer optimizer = Optimizer.builder().config(OptimizerConfig.custom().ignoreEnvironment()
            .monitoringEnabled(false).level(OptimizationLevel.NONE).build()).ticker(new FakeTicker())
        .discoverModules(false).module(new CompressionModule(CompressionConfig.custom().ticker(own).build()))
        .build()) {
      assertThat(optimizer.module(CompressionModule.class).engine().config().ticker()).isSameAs(own);
    }
  }
}
