package dev.optimizer.cache.internal;

import dev.optimizer.cache.ValueCodec;
import dev.optimizer.cache.ValueDecodingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Java serialization behind an allow-list. Every class name in a stream is checked against the list in
 * {@link ObjectInputStream#resolveClass} (and every interface of a serialized proxy in
 * {@link ObjectInputStream#resolveProxyClass}) <em>before</em> it is resolved, so a class outside the list
 * is never loaded, let alone initialised or instantiated: no class loader is even asked for it. An
 * {@code ObjectInputFilter} then enforces depth, reference and array-size limits and re-checks each
 * resolved class; it cannot be the allow-list itself because the JDK calls it only after resolving.
 *
 * <p>Classes are resolved the way {@code ObjectInputStream} does by default (the nearest user class
 * loader on the calling stack). Thread-safe: each decode uses its own stream; {@link #allow} may run
 * concurrently with decodes.
 */
public final class SerializationCodec<V> implements ValueCodec<V> {
  /**
   * JDK value types that are safe to deserialize and that cached values commonly contain. Object and
   * Map$Entry appear because collections check their internal array types (Object[], Map.Entry[])
   * through the filter; neither can be instantiated from a stream.
   */
  static final List<String> JDK_VALUES = List.of("java.lang.Object", "java.util.Map$Entry",
      "java.lang.String", "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Short",
      "java.lang.Byte", "java.lang.Double", "java.lang.Float", "java.lang.Character", "java.lang.Boolean",
      "java.lang.Enum", "java.math.BigInteger", "java.math.BigDecimal", "java.time.Ser",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.CollSer", "java.util.UUID", "java.util.Optional", "java.util.Collections$EmptyList",
      "java.util.Collections$EmptyMap", "java.util.Collections$EmptySet",
      "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableRandomAccessList",
      "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableMap",
      "java.util.Collections$UnmodifiableSet", "java.util.Collections$SingletonList",
      "java.util.Collections$SingletonMap", "java.util.Collections$SingletonSet");

  private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "char", "short", "int", "long",
      "float", "double", "void");
  /** Element type codes of primitive arrays in a stream name, e.g. the I of {@code [I}. */
  private static final String PRIMITIVE_CODES = "ZBCSIJFD";

  private static final long MAX_DEPTH = 64;
  private static final long MAX_REFS = 100_000;
  private static final long MAX_ARRAY = 16_777_216;

  private final Set<String> exact = ConcurrentHashMap.newKeySet();
  private final List<String> packages = new CopyOnWriteArrayList<>();
  private final List<String> packageTrees = new CopyOnWriteArrayList<>();

  public SerializationCodec(Collection<String> allowed) {
    exact.addAll(JDK_VALUES);
    for (String p : allowed) {
      allow(p);
    }
  }

  /**
   * Adds a pattern: a class name, {@code package.*} or {@code package.**}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public void allow(String pattern) {
    if (pattern == null || pattern.isBlank() || pattern.startsWith("!") || pattern.contains(";")
        || pattern.contains("=") || pattern.contains("/")) {
      throw new IllegalArgumentException("allow-list pattern must be a class name, package.* or "
          + "package.**, was '" + pattern + "'");
    }
    String p = pattern.trim();
    if (p.endsWith(".**")) {
      packageTrees.add(p.substring(0, p.length() - 2));
    } else if (p.endsWith(".*")) {
      packages.add(p.substring(0, p.length() - 1));
    } else if (p.contains("*")) {
      throw new IllegalArgumentException("'*' only as a whole last segment (package.* or package.**): "
          + pattern);
    } else {
      exact.add(p);
    }
  }

  /** Allows {@code type} (a class whose values the user asked to cache). Arrays allow their component. */
  public void allow(Class<?> type) {
    Class<?> c = type;
    while (c.isArray()) {
      c = c.getComponentType();
    }
    if (!c.isPrimitive()) {
      exact.add(c.getName());
    }
  }

  private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info, String[] rejected) {
    // Limits stop a hostile stream from exhausting memory or stack before a class is even checked.
    if (info.depth() > MAX_DEPTH || info.references() > MAX_REFS || info.arrayLength() > MAX_ARRAY) {
      return ObjectInputFilter.Status.REJECTED;
    }
    Class<?> c = info.serialClass();
    if (c == null) {
      return ObjectInputFilter.Status.UNDECIDED;
    }
    while (c.isArray()) {
      c = c.getComponentType();
    }
    // A proxy class's name is generated; what was vetted, before it was made, is its interfaces.
    if (c.isPrimitive() || allowed(c.getName()) || (Proxy.isProxyClass(c) && allInterfacesAllowed(c))) {
      return ObjectInputFilter.Status.ALLOWED;
    }
    rejected[0] = c.getName();
    return ObjectInputFilter.Status.REJECTED;
  }

  private boolean allInterfacesAllowed(Class<?> proxyClass) {
    for (Class<?> i : proxyClass.getInterfaces()) {
      if (!allowed(i.getName())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a name as it appears in a stream ({@code com.acme.User}, {@code [Lcom.acme.User;},
   * {@code [[I}, {@code int}) may be resolved: arrays by their element type, primitives always.
   */
  private boolean allowedStreamName(String name) {
    int dims = 0;
    while (dims < name.length() && name.charAt(dims) == '[') {
      dims++;
    }
    if (dims == 0) {
      return PRIMITIVES.contains(name) || allowed(name);
    }
    String element = name.substring(dims);
    if (element.length() == 1) {
      return PRIMITIVE_CODES.indexOf(element.charAt(0)) >= 0;
    }
    return element.length() > 2 && element.charAt(0) == 'L' && element.endsWith(";")
        && allowed(element.substring(1, element.length() - 1));
  }

  private boolean allowed(String name) {
    if (exact.contains(name)) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    String pkg = dot < 0 ? "" : name.substring(0, dot + 1);
    for (String p : packages) {
      if (pkg.equals(p)) {
        return true;
      }
    }
    for (String t : packageTrees) {
      if (name.startsWith(t)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public byte[] encode(V value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(value);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException("value of " + value.getClass().getName()
          + " is not serializable: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serialize " + value.getClass().getName() + ": " + e, e);
    }
    return out.toByteArray();
  }

  @Override
  @SuppressWarnings("unchecked")
  public V decode(byte[] bytes) {
    String[] rejected = new String[1];
    try (ObjectInputStream in = new AllowListInputStream(new ByteArrayInputStream(bytes), rejected)) {
      in.setObjectInputFilter(info -> check(info, rejected));
      return (V) in.readObject();
    } catch (InvalidClassException e) {
      throw new ValueDecodingException("rejected by the serialization allow-list: "
          + (rejected[0] != null ? "class " + rejected[0] + " is not allowed" : e.getMessage()), e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new ValueDecodingException("not a serialized value of an allowed class: " + e, e);
    }
  }

  /**
   * Refuses a name before the superclass would load it. The superclass's own resolution (and so its choice
   * of class loader) is kept for every allowed name.
   */
  private final class AllowListInputStream extends ObjectInputStream {
    private final String[] rejected;

    AllowListInputStream(InputStream in, String[] rejected) throws IOException {
      super(in);
      this.rejected = rejected;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      String name = desc.getName();
      if (!allowedStreamName(name)) {
        throw refuse(name);
      }
      return super.resolveClass(desc);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
      for (String name : interfaces) {
        if (!allowed(name)) {
          throw refuse(name);
        }
      }
      return super.resolveProxyClass(interfaces);
    }

    private InvalidClassException refuse(String name) {
      rejected[0] = name;
      return new InvalidClassException(name, "not in the serialization allow-list; refused before loading");
    }
  }

  @Override
  public String toString() {
    return "JavaSerialization[allow " + exact.size() + " classes, packages " + packages + ", trees "
        + packageTrees + "]";
  }
}
