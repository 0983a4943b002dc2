package dev.optimizer.core;

import dev.optimizer.core.spi.AnnotationLookup;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which declarations of a method may carry the annotations that intercept it. */
class AnnotationScopeTest extends RecordingOptimizerTestBase {

  public interface ItemLookup {
    String item(String id);
  }

  /** Unrelated to ItemLookup; declares the same signature with an annotation. */
  public interface Auditing {
    @Traced
    String item(String id);
  }

  public interface TracedBase {
    @Traced
    String item(String id);
  }

  /** Inherits the annotated declaration from its super-interface. */
  public interface TracedLookup extends TracedBase {}

  public static class Both implements ItemLookup, Auditing {
    @Override
    public String item(String id) {
      return "item " + id;
    }
  }

  public static class AnnotatedBase {
    @Traced
    public String item(String id) {
      return "base " + id;
    }
  }

  /** Its implementation of item is inherited from a superclass that annotates it. */
  public static class InheritsAnnotatedImpl extends AnnotatedBase implements ItemLookup {}

  public static class TracedLookupImpl implements TracedLookup {
    @Override
    public String item(String id) {
      return "traced " + id;
    }
  }

  @Test
  void proxy_annotationOnlyOnUnrelatedInterfaceOfTarget_notIntercepted() {
    // Regression: issue 11 item 6
    ItemLookup lookup = optimizer.proxy(ItemLookup.class, new Both());
    assertThat(lookup.item("a")).isEqualTo("item a");
    assertThat(RecordingModule.TRACE).as("Auditing's @Traced must not leak into an ItemLookup proxy")
        .isEmpty();
  }

  @Test
  void proxy_sameTargetThroughAnnotatedInterface_intercepted() {
    Auditing auditing = optimizer.proxy(Auditing.class, new Both());
    assertThat(auditing.item("a")).isEqualTo("item a");
    assertThat(RecordingModule.TRACE).containsExactly("outer:item", "inner", "outer-done");
  }

  @Test
  void proxy_annotationOnSuperInterfaceOfProxiedType_intercepted() {
    TracedLookup lookup = optimizer.proxy(TracedLookup.class, new TracedLookupImpl());
    assertThat(lookup.item("b")).isEqualTo("traced b");
    assertThat(RecordingModule.TRACE).containsExactly("outer:item", "inner", "outer-done");
  }

  @Test
  void proxy_annotationOnTargetsInheritedImplementation_intercepted() {
    ItemLookup lookup = optimizer.proxy(ItemLookup.class, new InheritsAnnotatedImpl());
    assertThat(lookup.item("c")).isEqualTo("base c");
    assertThat(RecordingModule.TRACE).containsExactly("outer:item", "inner", "outer-done");
  }

  @Test
  void enhance_annotationOnInterfaceTheClassImplements_intercepted() {
    // For a class proxy the proxied type is the class itself, so every interface it implements is
    // part of its hierarchy.
    Both enhanced = optimizer.enhance(new Both());
    assertThat(enhanced.item("d")).isEqualTo("item d");
    assertThat(RecordingModule.TRACE).containsExactly("outer:item", "inner", "outer-done");
  }

  @Test
  void find_interfaceMethodAndUnrelatedInterfaceOnTarget_null() throws Exception {
    // Regression: issue 11 item 6
    assertThat(AnnotationLookup.find(ItemLookup.class.getMethod("item", String.class), Both.class,
        Traced.class)).isNull();
  }
}
