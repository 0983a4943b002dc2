package dev.optimizer.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link SerializationCodec} never loads a class outside its allow-list, which is stronger than
 * never initialising or instantiating it.
 *
 * <p>How: the codec is loaded in a {@link RecordingLoader}, a child-first loader over the codec's and the
 * tests' class directories that records every name it is asked for. {@code ObjectInputStream} resolves
 * names with the nearest user class loader on the stack, which is then the codec's own loader, so any
 * attempt to load a streamed class is a recorded request. The bytes are written by a separate throw-away
 * loader, and the streamed classes (in {@code .unlisted}) are named by no code, so neither the test's
 * loader nor the recording one has seen them before the decode.
 */
class SerializationCodecLoadingTest {
  private static final String PKG = "dev.optimizer.cache.internal.unlisted.";
  private static final String UNLISTED = PKG + "Unlisted";
  private static final String UNLISTED_API = PKG + "UnlistedApi";
  private static final String HANDLER = PKG + "ConstantHandler";

  @Test
  void decode_classOutsideAllowList_neverLoaded() throws Exception {
    // Regression: issue 11 item 8
    byte[] bytes = writtenInThrowAwayLoader(UNLISTED, new Class<?>[] {int.class}, new Object[] {7});
    RecordingLoader loader = new RecordingLoader();
    Object codec = codecIn(loader, List.of("com.example.*"));

    Throwable thrown = decodeFailure(codec, bytes);

    assertThat(thrown.getClass().getName()).isEqualTo("dev.optimizer.cache.ValueDecodingException");
    assertThat(thrown).hasMessageContaining("allow-list").hasMessageContaining(UNLISTED);
    assertThat(loader.requested).as("names the codec's loader was asked for").doesNotContain(UNLISTED);
    assertThat(loader.hasLoaded(UNLISTED)).isFalse();
  }

  @Test
  void decode_proxyWithInterfaceOutsideAllowList_interfaceNeverRequested() throws Exception {
    // Regression: issue 11 item 8
    byte[] bytes = writtenByFactoryInThrowAwayLoader(HANDLER, "proxy", "answer");
    RecordingLoader loader = new RecordingLoader();
    Object codec = codecIn(loader, List.of(HANDLER, "java.lang.reflect.Proxy"));

    Throwable thrown = decodeFailure(codec, bytes);

    assertThat(thrown.getClass().getName()).isEqualTo("dev.optimizer.cache.ValueDecodingException");
    assertThat(thrown).hasMessageContaining("allow-list").hasMessageContaining(UNLISTED_API);
    assertThat(loader.requested).doesNotContain(UNLISTED_API, HANDLER);
    assertThat(loader.hasLoaded(UNLISTED_API)).isFalse();
  }

  @Test
  void decode_proxyWithEveryClassAllowed_decodes() throws Exception {
    byte[] bytes = writtenByFactoryInThrowAwayLoader(HANDLER, "proxy", "answer");
    RecordingLoader loader = new RecordingLoader();
    Object codec = codecIn(loader, List.of(PKG + "*", "java.lang.reflect.Proxy"));

    Object value = codec.getClass().getMethod("decode", byte[].class).invoke(codec, (Object) bytes);

    assertThat(java.lang.reflect.Proxy.isProxyClass(value.getClass())).isTrue();
    assertThat(value.getClass().getInterfaces()[0].getName()).isEqualTo(UNLISTED_API);
    assertThat(value.getClass().getMethod("name").invoke(value)).isEqualTo("answer");
  }

  @Test
  void decode_allowedClass_resolvedThroughTheSameLoader() throws Exception {
    byte[] bytes = writtenInThrowAwayLoader(UNLISTED, new Class<?>[] {int.class}, new Object[] {7});
    RecordingLoader loader = new RecordingLoader();
    Object codec = codecIn(loader, List.of(UNLISTED));

    Object value = codec.getClass().getMethod("decode", byte[].class).invoke(codec, (Object) bytes);

    assertThat(value.getClass().getName()).isEqualTo(UNLISTED);
    assertThat(value.getClass().getClassLoader()).isSameAs(loader);
    assertThat(value.getClass().getMethod("value").invoke(value)).isEqualTo(7);
  }

  private static Object codecIn(RecordingLoader loader, Collection<String> allowed) throws Exception {
    Class<?> codecClass = loader.loadClass(SerializationCodec.class.getName());
    assertThat(codecClass.getClassLoader()).as("the codec must live in the recording loader").isSameAs(loader);
    return codecClass.getConstructor(Collection.class).newInstance(allowed);
  }

  private static Throwable decodeFailure(Object codec, byte[] bytes) throws Exception {
    Method decode = codec.getClass().getMethod("decode", byte[].class);
    try {
      Object value = decode.invoke(codec, (Object) bytes);
      throw new AssertionError("decoded a value of a class outside the allow-list: " + value);
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  private static byte[] writtenInThrowAwayLoader(String className, Class<?>[] types, Object[] args)
      throws Exception {
    try (URLClassLoader writer = new ChildFirstLoader(testClasses())) {
      return serialize(Class.forName(className, true, writer).getConstructor(types).newInstance(args));
    }
  }

  private static byte[] writtenByFactoryInThrowAwayLoader(String className, String factory, String arg)
      throws Exception {
    try (URLClassLoader writer = new ChildFirstLoader(testClasses())) {
      return serialize(Class.forName(className, true, writer).getMethod(factory, String.class).invoke(null, arg));
    }
  }

  private static byte[] serialize(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(value);
    }
    return out.toByteArray();
  }

  private static URL[] testClasses() {
    return new URL[] {SerializationCodecLoadingTest.class.getProtectionDomain().getCodeSource().getLocation()};
  }

  private static URL[] codecAndTestClasses() {
    return new URL[] {SerializationCodec.class.getProtectionDomain().getCodeSource().getLocation(),
        SerializationCodecLoadingTest.class.getProtectionDomain().getCodeSource().getLocation()};
  }

  /** Defines {@code dev.optimizer.cache.*} classes itself from its URLs; delegates everything else. */
  private static class ChildFirstLoader extends URLClassLoader {
    ChildFirstLoader(URL[] urls) {
      super(urls, SerializationCodecLoadingTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("dev.optimizer.cache.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException notOurs) {
            c = super.loadClass(name, false);
          }
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }

  /** A child-first loader that records every class name it is asked to load. */
  private static final class RecordingLoader extends ChildFirstLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    RecordingLoader() {
      super(codecAndTestClasses());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }

    boolean hasLoaded(String name) {
      return findLoadedClass(name) != null;
    }
  }
}
