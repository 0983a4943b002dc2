package dev.optimizer.cache.internal;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Canonical string forms of key arguments, the same in every JVM: strings, numbers, booleans,
 * characters, enums (by name), UUIDs, java.time values, records of these (by simple name and
 * components), arrays, lists, sets and maps of these (sets and maps in sorted order of their elements'
 * forms), Optional. Anything else has no stable form ({@code Object.toString} is an identity hash) and is
 * rejected.
 *
 * <p>Nested strings escape {@code \ , [ ] { } ( ) = ~} with a backslash and null is {@code ~}, so
 * distinct nested values give distinct forms. A top-level string is its own form.
 */
public final class CanonicalKeys {
  private static final Set<Class<?>> SCALARS = Set.of(String.class, Boolean.class, Character.class,
      Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class,
      BigDecimal.class, UUID.class, boolean.class, char.class, byte.class, short.class, int.class,
      long.class, float.class, double.class);

  private CanonicalKeys() {}

  /**
   * The canonical form of {@code key}.
   *
   * @throws IllegalArgumentException if the key (or a part of it) has no stable form
   */
  public static String encode(Object key) {
    if (key instanceof String s) {
      return s;
    }
    StringBuilder sb = new StringBuilder(32);
    append(sb, key);
    return sb.toString();
  }

  /** The nested (escaped) form of {@code value}, as an argument inside a key; null is {@code ~}. */
  public static String nested(@Nullable Object value) {
    if (value instanceof String s) {
      return escaped(s);
    }
    StringBuilder sb = new StringBuilder(32);
    append(sb, value);
    return sb.toString();
  }

  /** {@code s} with structural characters escaped; {@code s} itself when it has none (no allocation). */
  public static String escaped(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isStructural(s.charAt(i))) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        appendEscaped(sb, s);
        return sb.toString();
      }
    }
    return s;
  }

  private static boolean isStructural(char c) {
    return switch (c) {
      case '\\', ',', '[', ']', '{', '}', '(', ')', '=', '~' -> true;
      default -> false;
    };
  }

  /** Appends the nested (escaped) form of {@code value}. */
  public static void append(StringBuilder sb, @Nullable Object value) {
    if (value == null) {
      sb.append('~');
    } else if (value instanceof String s) {
      appendEscaped(sb, s);
    } else if (value instanceof Number || value instanceof Boolean || value instanceof UUID) {
      checkNumber(value);
      sb.append(value);
    } else if (value instanceof Character c) {
      appendEscaped(sb, String.valueOf(c));
    } else if (value instanceof Enum<?> e) {
      sb.append(e.name());
    } else if (value instanceof TemporalAccessor || value instanceof java.time.Duration
        || value instanceof java.time.Period || value instanceof java.time.ZoneId) {
      if (!value.getClass().getName().startsWith("java.time.")) {
        throw noStableForm(value.getClass());
      }
      sb.append(value);
    } else if (value instanceof Optional<?> o) {
      append(sb, o.orElse(null));
    } else if (value instanceof Record r) {
      appendRecord(sb, r);
    } else if (value instanceof List<?> || value instanceof SortedSet<?>) {
      sb.append('[');
      boolean first = true;
      for (Object o : (Collection<?>) value) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        append(sb, o);
      }
      sb.append(']');
    } else if (value instanceof Collection<?> c) {
      List<String> parts = new ArrayList<>(c.size());
      for (Object o : c) {
        StringBuilder p = new StringBuilder();
        append(p, o);
        parts.add(p.toString());
      }
      parts.sort(null);
      sb.append('[').append(String.join(",", parts)).append(']');
    } else if (value instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        StringBuilder p = new StringBuilder();
        append(p, e.getKey());
        p.append('=');
        append(p, e.getValue());
        parts.add(p.toString());
      }
      if (!(m instanceof SortedMap<?, ?>)) {
        parts.sort(null);
      }
      sb.append('{').append(String.join(",", parts)).append('}');
    } else if (value.getClass().isArray()) {
      sb.append('[');
      int n = Array.getLength(value);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          sb.append(',');
        }
        append(sb, Array.get(value, i));
      }
      sb.append(']');
    } else {
      throw noStableForm(value.getClass());
    }
  }

  private static void checkNumber(Object value) {
    if (value instanceof Number && !SCALARS.contains(value.getClass())) {
      // AtomicLong, LongAdder and user Numbers are mutable or have no guaranteed toString.
      throw noStableForm(value.getClass());
    }
  }

  private static void appendRecord(StringBuilder sb, Record r) {
    sb.append(r.getClass().getSimpleName()).append('(');
    RecordComponent[] comps = r.getClass().getRecordComponents();
    for (int i = 0; i < comps.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      try {
        var accessor = comps[i].getAccessor();
        accessor.setAccessible(true);
        append(sb, accessor.invoke(r));
      } catch (ReflectiveOperationException | RuntimeException e) {
        if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
            && iae.getMessage().startsWith("no stable key form")) {
          throw iae;
        }
        throw new IllegalArgumentException("cannot read record component " + comps[i].getName() + " of "
            + r.getClass().getName() + ": " + e, e);
      }
    }
    sb.append(')');
  }

  /** Appends {@code s} with the structural characters escaped. */
  public static void appendEscaped(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\', ',', '[', ']', '{', '}', '(', ')', '=', '~' -> sb.append('\\').append(c);
        default -> sb.append(c);
      }
    }
  }

  /**
   * Why values of the declared {@code type} have no stable form, or null when every value of it has
   * one. Used when a proxy is made, so a bad parameter type fails there and not on the first call.
   */
  public static @Nullable String unstableReason(Type type) {
    if (type instanceof Class<?> c) {
      if (SCALARS.contains(c) || c.isEnum()) {
        return null;
      }
      if (c.getName().startsWith("java.time.")) {
        return null;
      }
      if (c.isArray()) {
        return unstableReason(c.getComponentType());
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          String why = unstableReason(rc.getGenericType());
          if (why != null) {
            return "record component " + c.getSimpleName() + "." + rc.getName() + ": " + why;
          }
        }
        return null;
      }
      if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c) || c == Optional.class) {
        return "raw " + c.getSimpleName() + " has no element type to check; declare its type arguments";
      }
      return c.getName() + " has no stable string form (supported: strings, numbers, booleans, chars, "
          + "enums, UUID, java.time, records, arrays, collections and maps of these)";
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)
          || raw == Optional.class) {
        for (Type arg : p.getActualTypeArguments()) {
          String why = unstableReason(arg);
          if (why != null) {
            return why;
          }
        }
        return null;
      }
      return unstableReason(raw);
    }
    if (type instanceof GenericArrayType g) {
      return unstableReason(g.getGenericComponentType());
    }
    if (type instanceof WildcardType w) {
      Type[] upper = w.getUpperBounds();
      return upper.length == 1 ? unstableReason(upper[0]) : "wildcard " + w + " has no stable form";
    }
    return "type variable " + type + " has no stable form; declare a concrete type";
  }

  private static IllegalArgumentException noStableForm(Class<?> c) {
    return new IllegalArgumentException("no stable key form for " + c.getName()
        + " (supported: strings, numbers, booleans, chars, enums, UUID, java.time, records, arrays, "
        + "collections and maps of these)");
  }
}
